using Florence2;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Decodes a Florence-2 registration's encoded images with SkiaSharp.</summary>
public static class Florence2BuilderSkiaSharpExtensions
{
    /// <summary>
    /// Sets <see cref="Florence2ModelOptions.ImageDecoder"/> of this registration to a <see cref="SkiaSharpImageDecoder"/>.
    /// SkiaSharp's native library is checked here, when the services are registered.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="SkiaSharpNativeLibraryException">SkiaSharp's native library is missing or of another version.</exception>
    public static IFlorence2Builder UseSkiaSharp(this IFlorence2Builder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var decoder = new SkiaSharpImageDecoder();
        return builder.Configure(options => options.ImageDecoder = decoder);
    }
}
