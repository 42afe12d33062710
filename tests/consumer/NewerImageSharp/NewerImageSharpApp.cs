using SixLabors.ImageSharp;

/// <summary>
/// The start shared by the consumer apps that caption beside their own newer ImageSharp: their four arguments, and
/// a failure line when the ImageSharp the app runs on is not the one it references.
/// </summary>
internal sealed record NewerImageSharpApp(string ImageSharpVersion, string ModelDirectory, string ImagePath, string ExpectedCaption)
{
    /// <summary>The arguments, or null after printing the usage when there are not four.</summary>
    public static NewerImageSharpApp? Parse(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: Florence2.Consumer IMAGESHARP_VERSION MODEL_DIR IMAGE EXPECTED_CAPTION");
            return null;
        }

        return new NewerImageSharpApp(args[0], args[1], args[2], args[3]);
    }

    /// <summary>The ImageSharp this app runs on, as its informational version says (the assembly version of 4.x is 4.0.0.0).</summary>
    public static string? LoadedImageSharp { get; } = typeof(Image).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0];

    /// <summary>Adds a failure when the app did not load the ImageSharp it references.</summary>
    public void CheckImageSharp(List<string> failures)
    {
        if (LoadedImageSharp != ImageSharpVersion)
        {
            failures.Add($"the app loaded ImageSharp {LoadedImageSharp}, expected {ImageSharpVersion}");
        }
    }
}
