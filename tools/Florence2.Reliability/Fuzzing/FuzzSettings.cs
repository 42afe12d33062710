namespace Florence2.Reliability.Fuzzing;

/// <summary>How long and from which seed a fuzz run goes.</summary>
/// <param name="Seed">Seed of the run; input i is made from a random source seeded by (seed, i).</param>
/// <param name="Duration">Stop after this long.</param>
/// <param name="InputTimeout">An input running longer is a failure (a hang).</param>
/// <param name="MaxInputs">Stop after this many inputs, whichever comes first; null for no limit.</param>
/// <param name="FailureDirectory">Folder that receives failing inputs; null saves nothing.</param>
/// <param name="FirstIndex">Index of the first input (with <paramref name="MaxInputs"/> 1, replays one input).</param>
/// <param name="MaxAllocatedBytes">Managed bytes one input may allocate; null takes the target's own limit.</param>
internal sealed record FuzzSettings(
    int Seed,
    TimeSpan Duration,
    TimeSpan InputTimeout,
    long? MaxInputs = null,
    string? FailureDirectory = null,
    long FirstIndex = 0,
    long? MaxAllocatedBytes = null)
{
    /// <summary>Saved inputs per failure kind; later ones are only counted.</summary>
    public int MaxSavedPerKind { get; init; } = 20;

    /// <summary>The random source of input <paramref name="index"/>: reproducible from the seed and the index alone.</summary>
    public Random RandomFor(long index)
    {
        // SplitMix64 of (seed, index): HashCode.Combine is randomized per process, so it cannot make runs reproducible.
        ulong z = ((ulong)(uint)Seed << 32) ^ (ulong)index;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return new Random((int)(z & int.MaxValue));
    }
}
