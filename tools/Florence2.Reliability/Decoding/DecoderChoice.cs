namespace Florence2.Reliability.Decoding;

/// <summary>The <c>--decoder imagesharp|skiasharp</c> option of <c>decode</c> and <c>fuzz image</c>.</summary>
internal static class DecoderChoice
{
    public const string Default = "imagesharp";

    public static IImageDecoder Create(string? name) => (name ?? Default) switch
    {
        "imagesharp" => new ImageSharpImageDecoder(),
        "skiasharp" => new SkiaSharpImageDecoder(),
        _ => throw new ArgumentException($"--decoder takes imagesharp or skiasharp, got '{name}'."),
    };
}
