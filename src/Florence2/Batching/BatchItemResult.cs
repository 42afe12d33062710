namespace Florence2;

/// <summary>
/// The outcome for one image of a batch: its typed result, or the exception that image raised. Immutable.
/// </summary>
/// <typeparam name="TResult">The task's result type.</typeparam>
public sealed class BatchItemResult<TResult>
    where TResult : TaskResult
{
    /// <summary>A successful item.</summary>
    /// <param name="index">Position of the image in the input sequence, from 0.</param>
    /// <param name="result">The image's result.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public BatchItemResult(int index, TResult result)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentNullException.ThrowIfNull(result);
        Index = index;
        Result = result;
    }

    /// <summary>A failed item.</summary>
    /// <param name="index">Position of the image in the input sequence, from 0.</param>
    /// <param name="error">Why the image failed, e.g. <see cref="InvalidImageException"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public BatchItemResult(int index, Exception error)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentNullException.ThrowIfNull(error);
        Index = index;
        Error = error;
    }

    /// <summary>Position of the image in the input sequence, from 0 (results arrive in completion order).</summary>
    public int Index { get; }

    /// <summary>The result; null when the item failed.</summary>
    public TResult? Result { get; }

    /// <summary>Why the item failed; null when it succeeded.</summary>
    public Exception? Error { get; }

    /// <summary>Whether <see cref="Result"/> holds the image's result.</summary>
    public bool Succeeded => Error is null;
}
