namespace Florence2;

/// <summary>
/// The repository has no file for the requested variant of a module (for example no
/// <c>onnx/decoder_model_merged_q4.onnx</c>). <see cref="AvailableVariants"/> lists the variants it has for that module.
/// </summary>
public sealed class HubVariantNotFoundException : HubNotFoundException
{
    /// <summary>Creates the exception for the missing variant.</summary>
    public HubVariantNotFoundException(string message, string repoId, string file, ModelModule module, ModelVariant requested, IReadOnlyList<ModelVariant> availableVariants)
        : base(message, repoId, file)
    {
        Module = module;
        RequestedVariant = requested;
        AvailableVariants = availableVariants;
    }

    /// <summary>The module whose variant is missing.</summary>
    public ModelModule Module { get; }

    /// <summary>The variant that was asked for.</summary>
    public ModelVariant RequestedVariant { get; }

    /// <summary>The variants of <see cref="Module"/> the repository has, in enum order.</summary>
    public IReadOnlyList<ModelVariant> AvailableVariants { get; }
}
