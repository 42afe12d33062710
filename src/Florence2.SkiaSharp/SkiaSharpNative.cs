using SkiaSharp;

namespace Florence2;

/// <summary>Checks once per process that SkiaSharp's native library loads and matches the managed assembly.</summary>
internal static class SkiaSharpNative
{
    private static readonly Lazy<SkiaSharpNativeLibraryException?> Problem = new(() => Check(() => SkiaSharpVersion.CheckNativeLibraryCompatible(throwIfIncompatible: true)));

    public static void ThrowIfUnavailable()
    {
        if (Problem.Value is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>The typed exception for what <paramref name="probe"/> throws; null when it runs.</summary>
    internal static SkiaSharpNativeLibraryException? Check(Action probe)
    {
        try
        {
            probe();
            return null;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException
            or TypeInitializationException or InvalidOperationException)
        {
            return new SkiaSharpNativeLibraryException(
                $"SkiaSharp's native library could not be used ({exception.GetType().Name}: {exception.Message}). "
                + $"On Linux add the package SkiaSharp.NativeAssets.Linux (or SkiaSharp.NativeAssets.Linux.NoDependencies, which needs no fontconfig) "
                + $"at the version of SkiaSharp the app uses ({typeof(SKBitmap).Assembly.GetName().Version}); on Windows and macOS the natives come with SkiaSharp.",
                exception);
        }
    }
}
