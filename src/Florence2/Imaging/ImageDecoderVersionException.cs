namespace Florence2;

/// <summary>
/// A decoder package found a different major version of its imaging library loaded than the one it was built for
/// (for example an app that references ImageSharp 4 beside <c>Florence2.OnnxRuntime.ImageSharp</c>, built on ImageSharp 2):
/// NuGet unified the app to one version, and the decoder's calls into it would fail with a type-load error.
/// </summary>
public sealed class ImageDecoderVersionException : Florence2Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="library">The imaging library's assembly name.</param>
    /// <param name="expected">The version the decoder package was built for.</param>
    /// <param name="loaded">The version the app actually loaded.</param>
    /// <param name="wayOut">What to do instead.</param>
    public ImageDecoderVersionException(string library, Version expected, Version loaded, string wayOut)
        : base($"The image decoder needs {library} {expected.Major}.x (built on {expected}), but this app loaded {library} {loaded}. {wayOut}")
    {
        Library = library;
        Expected = expected;
        Loaded = loaded;
    }

    /// <summary>The imaging library's assembly name.</summary>
    public string Library { get; }

    /// <summary>The version the decoder package was built for.</summary>
    public Version Expected { get; }

    /// <summary>The version the app loaded.</summary>
    public Version Loaded { get; }
}
