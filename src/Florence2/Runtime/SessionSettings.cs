namespace Florence2;

/// <summary>ONNX Runtime session settings applied to every module. Immutable; the defaults suit a server.</summary>
public sealed record SessionSettings
{
    /// <summary>Threads inside one operator; 0 lets ONNX Runtime pick (one per physical core).</summary>
    public int IntraOpNumThreads { get; init; }

    /// <summary>Threads running independent operators in parallel; 0 lets ONNX Runtime pick. Only used with parallel execution.</summary>
    public int InterOpNumThreads { get; init; }

    /// <summary>How much ONNX Runtime rewrites the graph when loading; <see cref="GraphOptimization.All"/> by default.</summary>
    public GraphOptimization GraphOptimization { get; init; } = GraphOptimization.All;

    /// <summary>Whether ONNX Runtime keeps a memory arena (faster repeated runs, memory is kept); true by default.</summary>
    public bool EnableMemoryArena { get; init; } = true;
}
