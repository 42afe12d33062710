using Florence2;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Decodes a Florence-2 registration's encoded images with ImageSharp 2.</summary>
public static class Florence2BuilderImageSharpExtensions
{
    /// <summary>
    /// Sets <see cref="Florence2ModelOptions.ImageDecoder"/> of this registration to an <see cref="ImageSharpImageDecoder"/>.
    /// The ImageSharp version is checked here, when the services are registered.
    /// </summary>
    /// <param name="builder">The registration.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ImageDecoderVersionException">The app loaded ImageSharp 3 or later.</exception>
    public static IFlorence2Builder UseImageSharp(this IFlorence2Builder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var decoder = new ImageSharpImageDecoder();
        return builder.Configure(options => options.ImageDecoder = decoder);
    }
}
