namespace Florence2.TestModels;

/// <summary>One dimension of a declared tensor shape: a fixed size or a symbolic name.</summary>
internal readonly record struct Dim(long? Value, string? Param)
{
    /// <summary>A fixed dimension.</summary>
    public static implicit operator Dim(long value) => new(value, null);

    /// <summary>A symbolic dimension such as <c>batch_size</c>.</summary>
    public static implicit operator Dim(string param) => new(null, param);
}
