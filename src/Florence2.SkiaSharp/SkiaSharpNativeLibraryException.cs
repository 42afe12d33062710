namespace Florence2;

/// <summary>
/// SkiaSharp's native library (<c>libSkiaSharp</c>) could not be loaded, or its version does not match the managed
/// SkiaSharp: on Linux the app must reference <c>SkiaSharp.NativeAssets.Linux</c> or
/// <c>SkiaSharp.NativeAssets.Linux.NoDependencies</c> at the SkiaSharp version it uses. Thrown when the
/// <see cref="SkiaSharpImageDecoder"/> is created, so that a missing package shows at start-up, not at the first image.
/// </summary>
public sealed class SkiaSharpNativeLibraryException : Florence2Exception
{
    /// <summary>Creates the exception with a message that names the problem and the package that fixes it.</summary>
    /// <param name="message">What failed and what would fix it.</param>
    /// <param name="innerException">SkiaSharp's own error.</param>
    public SkiaSharpNativeLibraryException(string message, Exception? innerException = null) : base(message, innerException) { }
}
