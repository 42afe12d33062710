namespace Florence2.Reliability.Fuzzing;

/// <summary>
/// One fuzz target: makes an input from a seeded random source, runs the code under test on it, and says which
/// exceptions are the documented outcome for that input. Anything else the run throws is a failure.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>Short name used on the command line and in the names of saved failing inputs.</summary>
    string Name { get; }

    /// <summary>Managed bytes one input may allocate before it counts as a failure (<c>memory</c>); null for no limit.</summary>
    long? AllocationLimit => null;

    /// <summary>Makes one input; the same random state gives the same input.</summary>
    object Generate(Random random);

    /// <summary>Runs the code under test; throws <see cref="InvariantViolationException"/> when a checked property fails.</summary>
    void Execute(object input);

    /// <summary>Whether <paramref name="exception"/> is a documented, typed outcome for <paramref name="input"/>.</summary>
    bool IsExpected(object input, Exception exception);

    /// <summary>Writes <paramref name="input"/> to <paramref name="pathWithoutExtension"/> plus an extension of its choice.</summary>
    void Save(object input, string pathWithoutExtension);
}
