namespace Florence2.Generation;

/// <summary>
/// The chosen sequence of a search: token ids starting with the decoder start token, each token's processed
/// log-probability (0 for the start token and for forced tokens), and the sequence score.
/// </summary>
internal sealed record SearchResult(long[] Tokens, float[] TokenLogProbs, double Score, int Steps);
