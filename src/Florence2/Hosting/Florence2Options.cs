namespace Florence2;

/// <summary>
/// Settings of a Florence-2 model registered with <c>services.AddFlorence2(...)</c>: a mutable, configuration-bindable
/// form of <see cref="Florence2ModelOptions"/>. Names (variants, providers, formats) are strings so that a typo in
/// appsettings.json is reported by the options validator, naming the setting and the values allowed, instead of
/// failing inside the configuration binder.
/// </summary>
/// <remarks>
/// The options are validated when the host starts (<c>ValidateOnStart</c>) and when the model is first resolved.
/// Settings the configuration cannot express (<see cref="Florence2ModelOptions.ConfigureSession"/>, per-module
/// providers, a custom parser) are set in code with <c>IFlorence2Builder.ConfigureModel</c>.
/// </remarks>
public sealed class Florence2Options
{
    /// <summary>Folder of an onnx-community Florence-2 export (<c>onnx/</c>, <c>config.json</c>, tokenizer files). Required; it must exist.</summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// A Hugging Face Hub repository in the onnx-community layout (e.g. <c>onnx-community/Florence-2-base-ft</c>),
    /// downloaded into the Hub cache when the model is first resolved; give this or <see cref="ModelPath"/>, not both.
    /// The <c>HF_*</c> environment variables (endpoint, token, cache, offline) apply.
    /// </summary>
    public string? ModelId { get; set; }

    /// <summary>Branch, tag or commit of <see cref="ModelId"/>; <c>main</c> when unset.</summary>
    public string? Revision { get; set; }

    /// <summary>
    /// File variant of all four ONNX modules: one of <see cref="ModelVariant"/>'s names (<c>Fp32</c>, <c>Fp16</c>,
    /// <c>Quantized</c>, <c>Int8</c>, <c>Uint8</c>, <c>Q4</c>, <c>Q4F16</c>, <c>Bnb4</c>; any case). Null means <c>Fp32</c>.
    /// </summary>
    public string? Variant { get; set; }

    /// <summary>Variant of <c>onnx/vision_encoder*.onnx</c>; overrides <see cref="Variant"/>.</summary>
    public string? VisionEncoderVariant { get; set; }

    /// <summary>Variant of <c>onnx/embed_tokens*.onnx</c>; overrides <see cref="Variant"/>.</summary>
    public string? EmbedTokensVariant { get; set; }

    /// <summary>Variant of <c>onnx/encoder_model*.onnx</c>; overrides <see cref="Variant"/>.</summary>
    public string? EncoderVariant { get; set; }

    /// <summary>Variant of <c>onnx/decoder_model_merged*.onnx</c>; overrides <see cref="Variant"/>.</summary>
    public string? DecoderVariant { get; set; }

    /// <summary>
    /// Execution providers to try, best first: <c>Cpu</c>, <c>Cuda</c>, <c>Cuda:1</c>, <c>DirectML</c>,
    /// <c>DirectML:0</c> (the number is the GPU index; any case). Empty means the CPU alone.
    /// </summary>
    public IList<string> ExecutionProviders { get; } = [];

    /// <summary>When no listed provider can be used, fall back to the CPU (true, the default) or fail at load.</summary>
    public bool AllowCpuFallback { get; set; } = true;

    /// <summary>Threads inside one operator; 0 (the default) uses one per core, at most 8 (<see cref="SessionSettings.DefaultIntraOpNumThreads"/>). Must not be negative.</summary>
    public int IntraOpNumThreads { get; set; }

    /// <summary>Threads running independent operators in parallel; 0 (the default) lets ONNX Runtime pick. Must not be negative.</summary>
    public int InterOpNumThreads { get; set; }

    /// <summary>Graph optimization level: <c>None</c>, <c>Basic</c>, <c>Extended</c> or <c>All</c> (any case). Null means <c>All</c>.</summary>
    public string? GraphOptimization { get; set; }

    /// <summary>Whether ONNX Runtime keeps a memory arena (faster repeated runs, memory is kept); true by default.</summary>
    public bool EnableMemoryArena { get; set; } = true;

    /// <summary>Largest accepted width × height of an encoded image; null keeps the default (8192 × 8192). Must be positive.</summary>
    public long? MaxImagePixels { get; set; }

    /// <summary>Largest single buffer, in megabytes, the image decoder may allocate; null keeps the default (256). Must be positive.</summary>
    public int? ImageAllocationLimitMegabytes { get; set; }

    /// <summary>
    /// Encoded image formats to decode: names of <see cref="ImageFormats"/> (<c>Jpeg</c>, <c>Png</c>, <c>Gif</c>,
    /// <c>Webp</c>, <c>Bmp</c>, <c>Tiff</c>, <c>Tga</c>, <c>Pbm</c>; any case). Empty keeps the default, JPEG and PNG.
    /// </summary>
    public IList<string> AllowedImageFormats { get; } = [];
}
