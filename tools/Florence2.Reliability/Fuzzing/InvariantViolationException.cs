namespace Florence2.Reliability.Fuzzing;

/// <summary>A property the code under test promises did not hold; <see cref="Kind"/> groups failures of one property.</summary>
internal sealed class InvariantViolationException : Exception
{
    public InvariantViolationException(string kind, string message)
        : base($"{kind}: {message}")
    {
        Kind = kind;
    }

    public InvariantViolationException()
    {
        Kind = "invariant";
    }

    public InvariantViolationException(string message)
        : this("invariant", message)
    {
    }

    public InvariantViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = "invariant";
    }

    /// <summary>Name of the violated property, e.g. <c>coordinate-outside-image</c>.</summary>
    public string Kind { get; }

    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    public static void Check(bool condition, string kind, Func<string> message)
    {
        if (!condition)
        {
            throw new InvariantViolationException(kind, message());
        }
    }
}
