using System.Globalization;

namespace Florence2.TestModels;

/// <summary>Wraps a finished graph in a model whose metadata records the seed, so a file says which weights it holds.</summary>
internal static class TinyModelMetadata
{
    public static OnnxModel ToModel(this GraphBuilder g, TinyModelOptions o) =>
        new(g.Build(), new Dictionary<string, string> { ["seed"] = o.Seed.ToString(CultureInfo.InvariantCulture) }, [.. g.ContribDomains]);
}
