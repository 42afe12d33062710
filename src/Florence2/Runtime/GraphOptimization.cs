namespace Florence2;

/// <summary>ONNX Runtime graph optimization levels.</summary>
public enum GraphOptimization
{
    /// <summary>No rewriting.</summary>
    None = 0,

    /// <summary>Semantics-preserving basic rewrites (constant folding, redundant node removal).</summary>
    Basic,

    /// <summary>Basic plus node fusions.</summary>
    Extended,

    /// <summary>Everything, including layout optimizations (the default).</summary>
    All,
}
