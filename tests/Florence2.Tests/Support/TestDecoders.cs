namespace Florence2.Tests.Support;

/// <summary>The image decoders the tests decode encoded images with (the core package has none of its own).</summary>
internal static class TestDecoders
{
    /// <summary>One shared instance: decoders are thread-safe.</summary>
    public static readonly IImageDecoder ImageSharp = new ImageSharpImageDecoder();

    /// <summary>The SkiaSharp decoder, shared the same way.</summary>
    public static readonly IImageDecoder SkiaSharp = new SkiaSharpImageDecoder();

    /// <summary>Both decoders by name, for tests that must hold for each (<c>[MemberData(nameof(TestDecoders.Names), ...)]</c>).</summary>
    public static TheoryData<string> Names => new() { "imagesharp", "skiasharp" };

    /// <summary>The decoder a <see cref="Names"/> entry stands for.</summary>
    public static IImageDecoder Named(string name) => name switch
    {
        "imagesharp" => ImageSharp,
        "skiasharp" => SkiaSharp,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Expected imagesharp or skiasharp."),
    };

    /// <summary>Model options that decode encoded images with <see cref="ImageSharp"/>.</summary>
    public static Florence2ModelOptions Options() => new() { ImageDecoder = ImageSharp };
}
