namespace Florence2.Tokenization;

/// <summary>
/// The work of one encode call, counted in units (a character scanned by the pre-tokenizer, a byte handed to BPE, a
/// merge step). The call's cancellation token is checked at the start and every <see cref="CheckInterval"/> units,
/// so a long text stops soon after a cancel without paying for a check per unit. Tests read the counts to bound
/// the work by counting it rather than timing it. One instance per call: not thread-safe.
/// </summary>
internal sealed class EncodeWork
{
    /// <summary>Units between two reads of the cancellation token.</summary>
    public const int CheckInterval = 4096;

    private readonly CancellationToken _cancellationToken;
    private long _nextCheck = CheckInterval;

    /// <summary>Creates the counter of one call that <paramref name="cancellationToken"/> may cancel.</summary>
    public EncodeWork(CancellationToken cancellationToken = default)
    {
        _cancellationToken = cancellationToken;
    }

    /// <summary>Test hook: runs at every check, just before the token is read (a test cancels from here mid-way).</summary>
    public Action? OnCheck { get; init; }

    /// <summary>Characters the pre-tokenizer scanned (added-token search and pattern matches).</summary>
    public long PreTokenizerChars { get; private set; }

    /// <summary>Pre-tokens handed to the BPE merge loop.</summary>
    public long BpeWords { get; private set; }

    /// <summary>UTF-8 bytes handed to the BPE merge loop.</summary>
    public long BpeBytes { get; private set; }

    /// <summary>
    /// Steps of the merge loop: a first pair looked up while a long word's queue is filled, an entry taken from the
    /// queue (stale ones included), or a merge of a short word. At most four per byte: a word of n bytes has n − 1
    /// first pairs, and its queue gets those plus two per merge, n − 1 merges at most.
    /// </summary>
    public long MergeSteps { get; private set; }

    /// <summary>All units so far.</summary>
    public long Units => PreTokenizerChars + BpeBytes + MergeSteps;

    /// <summary>Throws when the call is cancelled; the first thing an encode does.</summary>
    /// <exception cref="OperationCanceledException">The token is cancelled.</exception>
    public void ThrowIfCancellationRequested() => _cancellationToken.ThrowIfCancellationRequested();

    /// <exception cref="OperationCanceledException">The token was cancelled and a check fell due.</exception>
    public void AddPreTokenizerChars(int count)
    {
        PreTokenizerChars += count;
        CheckIfDue();
    }

    /// <exception cref="OperationCanceledException">The token was cancelled and a check fell due.</exception>
    public void AddBpeWord(int byteCount)
    {
        BpeWords++;
        BpeBytes += byteCount;
        CheckIfDue();
    }

    /// <exception cref="OperationCanceledException">The token was cancelled and a check fell due.</exception>
    public void AddMergeStep()
    {
        MergeSteps++;
        CheckIfDue();
    }

    private void CheckIfDue()
    {
        if (Units < _nextCheck)
        {
            return;
        }

        _nextCheck = Units + CheckInterval;
        OnCheck?.Invoke();
        _cancellationToken.ThrowIfCancellationRequested();
    }
}
