namespace Florence2.Tests.Support;

/// <summary>Files of this repository (docs, sample images), found from the test output folder upwards.</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> RootFolder = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Florence2.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Florence2.sln.");
    });

    /// <summary>The repository root: the folder that holds Florence2.sln.</summary>
    public static string Root => RootFolder.Value;

    /// <summary>The full path of <paramref name="relative"/> (forward slashes) under the repository root.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));
}
