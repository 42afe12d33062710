using System.Globalization;

namespace Florence2.TestModels;

/// <summary>Wraps a finished graph in a model whose metadata records the seed, so a file says which weights it holds.</summary>
internal static class TinyModelMetadata
{
    public static OnnxModel ToModel(this GraphBuilder g, TinyModelOptions o)
    {
        // MatMul4BitsQuantizer imports com.microsoft into every file it processes, whether it found a MatMul or not.
        var domains = g.Encoding.Weights == WeightEncoding.Blockwise4Bit ? g.ContribDomains.Append(WeightOps.MicrosoftDomain) : g.ContribDomains;
        return new(g.Build(), new Dictionary<string, string> { ["seed"] = o.Seed.ToString(CultureInfo.InvariantCulture) }, [.. domains.Distinct().Order(StringComparer.Ordinal)]);
    }
}
