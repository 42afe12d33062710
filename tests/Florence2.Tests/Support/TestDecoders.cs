namespace Florence2.Tests.Support;

/// <summary>The image decoders the tests decode encoded images with (the core package has none of its own).</summary>
internal static class TestDecoders
{
    /// <summary>One shared instance: decoders are thread-safe.</summary>
    public static readonly IImageDecoder ImageSharp = new ImageSharpImageDecoder();

    /// <summary>Model options that decode encoded images with <see cref="ImageSharp"/>.</summary>
    public static Florence2ModelOptions Options() => new() { ImageDecoder = ImageSharp };
}
