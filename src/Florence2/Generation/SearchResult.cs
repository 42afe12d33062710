namespace Florence2.Generation;

/// <summary>The chosen sequence of a search: token ids starting with the decoder start token, and its score.</summary>
internal sealed record SearchResult(long[] Tokens, double Score, int Steps);
