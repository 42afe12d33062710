namespace Florence2;

/// <summary>
/// A Florence-2 model registered with <c>services.AddFlorence2(...)</c>: where the model comes from (a folder or a Hub
/// id) plus every <see cref="Florence2ModelOptions"/> setting. Binds from a configuration section with the same names
/// (for example <c>"Variants": { "Decoder": "Q4" }</c>, <c>"ExecutionProviders": [ "Cuda:0", "Cpu" ]</c>,
/// <c>"Session": { "IntraOpNumThreads": 4 }</c>); see docs/hosting.md for every key.
/// </summary>
/// <remarks>
/// Validated when the host starts (<c>ValidateOnStart</c>) and when the model is first resolved: a key that names no
/// setting, a value that does not read as its setting's type, and a setting out of range are each reported, naming
/// the key and what is allowed. Code-only settings (<see cref="Florence2ModelOptions.ConfigureSession"/>,
/// <see cref="Florence2ModelOptions.LocationTokenParser"/>, ...) are set with <c>IFlorence2Builder.Configure</c>.
/// </remarks>
public sealed class Florence2Options : Florence2ModelOptions
{
    /// <summary>Folder of an onnx-community Florence-2 export (<c>onnx/</c>, <c>config.json</c>, tokenizer files); give this or <see cref="ModelId"/>.</summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// A Hugging Face Hub repository in the onnx-community layout (e.g. <c>onnx-community/Florence-2-base-ft</c>),
    /// downloaded into the Hub cache when the model is first resolved; give this or <see cref="ModelPath"/>, not both.
    /// The <c>HF_*</c> environment variables (endpoint, token, cache, offline) apply.
    /// </summary>
    public string? ModelId { get; set; }

    /// <summary>Branch, tag or commit of <see cref="ModelId"/>; <c>main</c> when unset.</summary>
    public string? Revision { get; set; }
}
