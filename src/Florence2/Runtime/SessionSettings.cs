namespace Florence2;

/// <summary>ONNX Runtime session settings applied to every module. A plain settings object; the defaults suit a server. Not thread-safe while being changed.</summary>
public sealed class SessionSettings
{
    /// <summary>
    /// Threads inside one operator. 0 (the default) means <see cref="DefaultIntraOpNumThreads"/>: one per core the
    /// process may use, at most 8. Measured on the base-sized model (docs/performance.md): on 2 cores two threads beat
    /// one by 1.3×; on 16 cores 8 threads beat 16 (ONNX Runtime's own default there) by 1.25–1.4×, since a decoder
    /// step is bound by memory reads and more threads only add synchronization.
    /// </summary>
    public int IntraOpNumThreads { get; set; }

    /// <summary>The intra-op thread count used when <see cref="IntraOpNumThreads"/> is 0: min(<see cref="Environment.ProcessorCount"/>, 8).</summary>
    public static int DefaultIntraOpNumThreads => Math.Min(Environment.ProcessorCount, 8);

    /// <summary>Threads running independent operators in parallel; 0 lets ONNX Runtime pick. Only used with parallel execution.</summary>
    public int InterOpNumThreads { get; set; }

    /// <summary>How much ONNX Runtime rewrites the graph when loading; <see cref="GraphOptimization.All"/> by default.</summary>
    public GraphOptimization GraphOptimization { get; set; } = GraphOptimization.All;

    /// <summary>Whether ONNX Runtime keeps a memory arena (faster repeated runs, memory is kept); true by default.</summary>
    public bool EnableMemoryArena { get; set; } = true;

    /// <summary>
    /// Whether ONNX Runtime plans each run's memory from the previous run with the same input shapes (its memory
    /// pattern); false by default, unlike ONNX Runtime. With the pattern, the second run of a shape allocates one block
    /// for all of its intermediate tensors beside the arena chunks the first run left, and the arena keeps both: on the
    /// base-sized model that is 426 MiB more resident memory for the vision encoder alone, with no speed gain that
    /// measurement could separate from noise (docs/performance.md, "Memory"). Set true to get ONNX Runtime's behaviour.
    /// </summary>
    public bool EnableMemoryPattern { get; set; }
}
