using System.Globalization;

namespace Florence2.TestModels;

/// <summary>Wraps a finished graph in a model whose metadata records the seed, so a file says which weights it holds.</summary>
internal static class TinyModelMetadata
{
    /// <summary>The metadata key under which the vision encoder records its MatMul and Conv FLOPs for one image.</summary>
    public const string FlopsKey = "matmul_conv_flops_per_image";

    public static OnnxModel ToModel(this GraphBuilder g, TinyModelOptions o, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        // MatMul4BitsQuantizer imports com.microsoft into every file it processes, whether it found a MatMul or not.
        var domains = g.Encoding.Weights == WeightEncoding.Blockwise4Bit ? g.ContribDomains.Append(WeightOps.MicrosoftDomain) : g.ContribDomains;
        var metadata = new Dictionary<string, string> { ["seed"] = o.Seed.ToString(CultureInfo.InvariantCulture) };
        foreach (var (key, value) in extraMetadata ?? new Dictionary<string, string>())
        {
            metadata[key] = value;
        }
        return new(g.Build(), metadata, [.. domains.Distinct().Order(StringComparer.Ordinal)]);
    }
}
