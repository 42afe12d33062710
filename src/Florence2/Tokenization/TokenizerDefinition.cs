namespace Florence2.Tokenization;

/// <summary>
/// What the tokenizer files say: the BPE vocabulary and merges and the added tokens (matched whole, never split).
/// Every id belongs to one token text; the add methods enforce it and name the file and key that broke it.
/// </summary>
internal sealed class TokenizerDefinition
{
    // Keeps a malformed id such as 2000000000 from sizing the id table; real vocabularies are far smaller.
    private const int MaxTokenId = (1 << 24) - 1;

    private readonly Dictionary<int, string> _tokenById = [];

    /// <summary>BPE model vocabulary: byte-level token text → id.</summary>
    public Dictionary<string, int> Vocabulary { get; } = new(StringComparer.Ordinal);

    /// <summary>BPE merges as <c>"left right"</c>, highest priority first.</summary>
    public List<string> Merges { get; } = [];

    /// <summary>Added tokens: literal text → id.</summary>
    public Dictionary<string, int> AddedTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Largest id in use, or -1 when empty.</summary>
    public int MaxId { get; private set; } = -1;

    /// <summary>Token text by id, covering the vocabulary and the added tokens.</summary>
    public IReadOnlyDictionary<int, string> TokenById => _tokenById;

    /// <summary>Adds a vocabulary entry; a repeated token or id is an error of <paramref name="keyPath"/>.</summary>
    public void AddVocabularyEntry(string token, int id, string filePath, string keyPath)
    {
        if (!Vocabulary.TryAdd(token, id))
        {
            throw new ModelConfigException(filePath, keyPath, $"the token '{token}' appears more than once.");
        }

        ClaimId(token, id, filePath, keyPath);
    }

    /// <summary>
    /// Adds a token matched whole. It may repeat a vocabulary entry (BART's <c>&lt;s&gt;</c> is in both) only with the
    /// same id; an id already held by another text is an error of <paramref name="keyPath"/>.
    /// </summary>
    public void AddAddedToken(string token, int id, string filePath, string keyPath)
    {
        bool inVocabulary = Vocabulary.TryGetValue(token, out int vocabularyId);
        if (inVocabulary && vocabularyId != id)
        {
            throw new ModelConfigException(filePath, keyPath, $"the added token '{token}' has id {id} but the vocabulary gives it id {vocabularyId}.");
        }

        if (!AddedTokens.TryAdd(token, id))
        {
            throw new ModelConfigException(filePath, keyPath, $"the added token '{token}' appears more than once.");
        }

        if (!inVocabulary)
        {
            ClaimId(token, id, filePath, keyPath);
        }
    }

    /// <summary>
    /// Makes every Florence token an added token, as Florence-2's processor does at run time: one found in the
    /// vocabulary keeps its id, a missing one gets the next free id after the largest in use.
    /// </summary>
    public void AddMissingFlorenceTokens(string filePath)
    {
        foreach (string token in FlorenceAddedTokens.FlorenceTokens)
        {
            if (AddedTokens.ContainsKey(token))
            {
                continue;
            }

            int id = Vocabulary.TryGetValue(token, out int vocabularyId) ? vocabularyId : MaxId + 1;
            AddAddedToken(token, id, filePath, "added_tokens");
        }
    }

    /// <summary>Makes BART's specials found in the vocabulary added tokens, so that text such as <c>&lt;/s&gt;</c> is matched whole.</summary>
    public void AddBartSpecialsFromVocabulary(string filePath, string keyPath)
    {
        foreach (string token in FlorenceAddedTokens.BartSpecialTokens)
        {
            if (!AddedTokens.ContainsKey(token) && Vocabulary.TryGetValue(token, out int id))
            {
                AddAddedToken(token, id, filePath, keyPath);
            }
        }
    }

    /// <summary>The id of a required special token, or an error naming the file and <paramref name="keyPath"/>.</summary>
    public int GetRequiredSpecialId(string token, string filePath, string keyPath)
    {
        if (AddedTokens.TryGetValue(token, out int id) || Vocabulary.TryGetValue(token, out id))
        {
            return id;
        }

        throw new ModelConfigException(filePath, keyPath, $"the special token '{token}' is neither an added token nor in the vocabulary.");
    }

    private void ClaimId(string token, int id, string filePath, string keyPath)
    {
        if (id > MaxTokenId)
        {
            throw new ModelConfigException(filePath, keyPath, $"the id {id} of '{token}' is larger than {MaxTokenId}.");
        }

        if (!_tokenById.TryAdd(id, token))
        {
            throw new ModelConfigException(filePath, keyPath, $"the id {id} is used by both '{_tokenById[id]}' and '{token}'.");
        }

        MaxId = Math.Max(MaxId, id);
    }
}
