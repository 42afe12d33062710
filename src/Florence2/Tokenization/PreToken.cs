namespace Florence2.Tokenization;

/// <summary>One piece of pre-tokenized text: an added token matched whole, or a piece for the BPE merge loop.</summary>
/// <param name="Offset">Index of its first character.</param>
/// <param name="Length">Its length in characters.</param>
/// <param name="IsAddedToken">Whether it is an added token (<c>&lt;loc_5&gt;</c>, <c>&lt;/s&gt;</c>, …).</param>
internal readonly record struct PreToken(int Offset, int Length, bool IsAddedToken);
