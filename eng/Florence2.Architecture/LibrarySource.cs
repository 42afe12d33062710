namespace Florence2.Architecture;

/// <summary>Reads the C# files of a library folder, build outputs (bin, obj) left out, ordered by path.</summary>
internal static class LibrarySource
{
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds no C# file (a wrong path must not pass as "no circles").</exception>
    public static IReadOnlyList<SourceFile> Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The library folder '{folder}' does not exist; give the folder of the library's .csproj, e.g. src/Florence2.");
        }

        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(path => (Path: path, Relative: Path.GetRelativePath(folder, path).Replace('\\', '/')))
            .Where(file => !file.Relative.Split('/').SkipLast(1).Any(part => part is "bin" or "obj"))
            .OrderBy(file => file.Relative, StringComparer.Ordinal)
            .Select(file => new SourceFile(file.Relative, File.ReadAllText(file.Path)))
            .ToList();
        return files.Count > 0
            ? files
            : throw new InvalidDataException($"The folder '{folder}' holds no .cs file outside bin and obj; give the folder of the library's .csproj, e.g. src/Florence2.");
    }
}
