using Microsoft.ML.OnnxRuntime.Tensors;

namespace Florence2.Runtime;

/// <summary>What kind of elements a tensor may hold.</summary>
internal enum TensorKind
{
    /// <summary>float32 or float16 (fp16 exports); values are converted to and from float32 at the boundary.</summary>
    Floating,
    Int64,
    Bool,
}

/// <summary>
/// The expected element kind and shape of one input or output. A null dimension accepts anything; a fixed one must
/// equal the file's dimension unless the file leaves it symbolic.
/// </summary>
internal sealed record TensorSpec(string Name, TensorKind Kind, int?[] Dims)
{
    public bool Accepts(TensorElementType type) => Kind switch
    {
        TensorKind.Floating => type is TensorElementType.Float or TensorElementType.Float16,
        TensorKind.Int64 => type == TensorElementType.Int64,
        TensorKind.Bool => type == TensorElementType.Bool,
        _ => false,
    };

    public string Describe() => $"{KindName()} [{string.Join(", ", Array.ConvertAll(Dims, d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*"))}]";

    private string KindName() => Kind switch
    {
        TensorKind.Floating => "float32 or float16",
        TensorKind.Int64 => "int64",
        _ => "bool",
    };
}
