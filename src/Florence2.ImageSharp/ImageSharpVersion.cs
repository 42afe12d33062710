using System.Reflection;

namespace Florence2;

/// <summary>
/// The ImageSharp this package was built on, and the check that the app loaded the same major version. NuGet unifies
/// an app to one ImageSharp; with 3.x or 4.x the 2.x types this package calls (<c>IConfigurationModule</c>, ...) are
/// gone, and the first call would fail with a <see cref="TypeLoadException"/> that names neither version.
/// </summary>
internal static class ImageSharpVersion
{
    /// <summary>The version in Directory.Packages.props; a test compares it with the assembly the tests load.</summary>
    public static readonly Version BuiltOn = new(2, 1, 13);

    private static readonly Lazy<Version> LoadedVersion = new(FindLoaded);

    /// <summary>The version of the ImageSharp assembly the app loaded (its informational version, e.g. 4.1.3).</summary>
    public static Version Loaded(Assembly imageSharp)
    {
        string? informational = imageSharp.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        string core = informational?.Split('+', '-')[0] ?? "";
        return Version.TryParse(core, out Version? parsed) ? parsed : imageSharp.GetName().Version ?? new Version(0, 0);
    }

    /// <summary>The exception for a loaded version other than <see cref="BuiltOn"/>'s major; null when it fits.</summary>
    public static ImageDecoderVersionException? Check(Version loaded) =>
        loaded.Major == BuiltOn.Major
            ? null
            : new ImageDecoderVersionException(
                "SixLabors.ImageSharp", BuiltOn, loaded,
                "The app references a newer ImageSharp, which NuGet chose for the whole app. Use the package "
                + "Florence2.OnnxRuntime.SkiaSharp instead (Florence2ModelOptions.ImageDecoder = new SkiaSharpImageDecoder(), "
                + "or AddFlorence2(...).UseSkiaSharp()), which works beside any ImageSharp; or decode with your own ImageSharp "
                + "and pass the pixels: image.CopyPixelDataTo(buffer); ImageInput.FromPixels(buffer, image.Width, image.Height, RawPixelFormat.Rgb24).");

    /// <summary>Throws <see cref="ImageDecoderVersionException"/> when the app loaded another major version of ImageSharp.</summary>
    public static void ThrowIfIncompatible()
    {
        if (Check(LoadedVersion.Value) is { } problem)
        {
            throw problem;
        }
    }

    // Only Image is named here: it exists in every ImageSharp version, so this method compiles against any of them.
    private static Version FindLoaded() => Loaded(typeof(SixLabors.ImageSharp.Image).Assembly);
}
