namespace Florence2;

/// <summary>
/// A generated answer as the parsers need it: the decoded text and, per generated token, where it ends in that text
/// and its log-probability (for confidence scores). Immutable.
/// </summary>
public sealed class AnswerTokens
{
    private readonly int[] _tokenEnds;
    private readonly float[] _logProbs;

    /// <summary>Creates the answer from copies of the lists.</summary>
    /// <param name="text">
    /// The generated text with special tokens verbatim (<c>&lt;s&gt;</c>, <c>&lt;loc_N&gt;</c>, …) and without
    /// <c>clean_up_tokenization_spaces</c> applied.
    /// </param>
    /// <param name="tokenEnds">
    /// For token i, the character offset in <paramref name="text"/> where it ends; token i covers
    /// [tokenEnds[i − 1], tokenEnds[i]) (from 0 for the first). Non-decreasing (a token may decode to nothing); the
    /// last equals the text length.
    /// </param>
    /// <param name="logProbs">For token i, its log-probability (≤ 0; NaN and +∞ are rejected).</param>
    /// <param name="isTruncated">Whether generation stopped at the token limit instead of the end-of-sequence token.</param>
    /// <param name="cleanUpTokenizationSpaces">Whether the parsers apply Hugging Face's <c>clean_up_tokenization_spaces</c> to the text they return.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lists differ in length, the offsets are not as described, or a log-probability is NaN or +∞.</exception>
    public AnswerTokens(string text, IReadOnlyList<int> tokenEnds, IReadOnlyList<float> logProbs, bool isTruncated, bool cleanUpTokenizationSpaces)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokenEnds);
        ArgumentNullException.ThrowIfNull(logProbs);
        if (tokenEnds.Count != logProbs.Count)
        {
            throw new ArgumentException($"Each token needs one end offset and one log-probability, but got {tokenEnds.Count} offsets and {logProbs.Count} log-probabilities.", nameof(logProbs));
        }

        _tokenEnds = new int[tokenEnds.Count];
        _logProbs = new float[logProbs.Count];
        int previousEnd = 0;
        for (int i = 0; i < _tokenEnds.Length; i++)
        {
            int end = tokenEnds[i];
            if (end < previousEnd || end > text.Length)
            {
                throw new ArgumentException($"Token end offsets must be non-decreasing within 0..{text.Length}, but token {i} ends at {end} after {previousEnd}.", nameof(tokenEnds));
            }

            float logProb = logProbs[i];
            if (float.IsNaN(logProb) || float.IsPositiveInfinity(logProb))
            {
                throw new ArgumentException($"Log-probabilities must be numbers ≤ 0, but token {i} has {logProb}.", nameof(logProbs));
            }

            _tokenEnds[i] = end;
            _logProbs[i] = logProb;
            previousEnd = end;
        }

        if (previousEnd != text.Length)
        {
            throw new ArgumentException($"The tokens must cover the whole text ({text.Length} characters), but the last one ends at {previousEnd}.", nameof(tokenEnds));
        }

        Text = text;
        TokenEnds = Array.AsReadOnly(_tokenEnds);
        LogProbs = Array.AsReadOnly(_logProbs);
        IsTruncated = isTruncated;
        CleanUpTokenizationSpaces = cleanUpTokenizationSpaces;
    }

    /// <summary>The generated text, special tokens verbatim, clean-up not applied.</summary>
    public string Text { get; }

    /// <summary>For each token, the character offset in <see cref="Text"/> where it ends.</summary>
    public IReadOnlyList<int> TokenEnds { get; }

    /// <summary>For each token, its log-probability.</summary>
    public IReadOnlyList<float> LogProbs { get; }

    /// <summary>Whether generation stopped at the token limit instead of the end-of-sequence token.</summary>
    public bool IsTruncated { get; }

    /// <summary>Whether the parsers apply <c>clean_up_tokenization_spaces</c> to the text they return.</summary>
    public bool CleanUpTokenizationSpaces { get; }

    /// <summary>
    /// An answer for callers who only have the text: each tag <c>&lt;…&gt;</c> and each run of other text becomes one
    /// pseudo-token with log-probability 0, so every score comes out as 1.
    /// </summary>
    /// <param name="text">The generated text, special tokens verbatim.</param>
    /// <param name="isTruncated">Whether generation stopped at the token limit.</param>
    /// <param name="cleanUpTokenizationSpaces">Whether the parsers apply <c>clean_up_tokenization_spaces</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static AnswerTokens FromText(string text, bool isTruncated = false, bool cleanUpTokenizationSpaces = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ends = new List<int>();
        int position = 0;
        while (position < text.Length)
        {
            position = text[position] == '<' ? EndOfTag(text, position) : EndOfTextRun(text, position);
            ends.Add(position);
        }

        return new AnswerTokens(text, ends, new float[ends.Count], isTruncated, cleanUpTokenizationSpaces);
    }

    /// <summary>Index of the first token whose end lies after <paramref name="offset"/> (binary search; <see cref="TokenEnds"/> count when none).</summary>
    internal int FirstTokenEndingAfter(int offset)
    {
        int low = 0, high = _tokenEnds.Length;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (_tokenEnds[middle] > offset)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>Start offset of token <paramref name="index"/>.</summary>
    internal int TokenStart(int index) => index == 0 ? 0 : _tokenEnds[index - 1];

    /// <summary>End offset of token <paramref name="index"/>.</summary>
    internal int TokenEnd(int index) => _tokenEnds[index];

    /// <summary>Log-probability of token <paramref name="index"/>.</summary>
    internal float LogProbAt(int index) => _logProbs[index];

    // A tag runs to the first '>' unless another '<' starts first; a lone '<' is text of its own.
    private static int EndOfTag(string text, int start)
    {
        for (int i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '>')
            {
                return i + 1;
            }

            if (text[i] == '<')
            {
                return i;
            }
        }

        return text.Length;
    }

    private static int EndOfTextRun(string text, int start)
    {
        int next = text.IndexOf('<', start);
        return next < 0 ? text.Length : next;
    }
}
