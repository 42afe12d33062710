using System.Buffers;
using Microsoft.ML.Tokenizers;

using Florence2.Model;

namespace Florence2.Tokenization;

/// <summary>
/// Florence-2's tokenizer: BART's byte-level BPE (GPT-2 merges) plus the added tokens, each matched whole
/// (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;od&gt;</c>, <c>&lt;loc_0&gt;</c> … <c>&lt;loc_999&gt;</c>, …).
/// Encoding wraps the ids in <c>&lt;s&gt;</c> … <c>&lt;/s&gt;</c>; decoding keeps special tokens verbatim because
/// Florence-2's answers carry their locations in them.
/// </summary>
/// <remarks>
/// Encoding runs its own BPE merge loop (<see cref="ByteLevelBpe"/>, O(n log n) in a word's length) over the same
/// files; Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/> still decodes and is the reference its ids are
/// tested against (<see cref="EncodeWithPackage"/>). Instances are immutable after <see cref="Load"/>; encoding,
/// decoding and the lookups may be called from many threads at once: each encode keeps its scratch state to itself,
/// the pre-tokenizer and merge table are immutable, and <see cref="BpeTokenizer"/> guards its word cache with a lock.
/// </remarks>
internal sealed class FlorenceTokenizer
{
    private readonly BpeTokenizer _bpe;
    private readonly FlorencePreTokenizer _preTokenizer;
    private readonly ByteLevelBpe _merges;
    private readonly Dictionary<string, int> _addedTokenIds;
    private readonly string?[] _tokenById;
    private readonly Dictionary<string, int> _idByToken;
    private readonly bool[] _isAddedToken;
    private readonly AddedTokenMatcher _addedTokens;

    private FlorenceTokenizer(BpeTokenizer bpe, FlorencePreTokenizer preTokenizer, ByteLevelBpe merges, TokenizerDefinition definition, int bosTokenId, int eosTokenId,
        int padTokenId, int unknownTokenId, bool cleanUpTokenizationSpaces)
    {
        _bpe = bpe;
        _preTokenizer = preTokenizer;
        _merges = merges;
        _addedTokenIds = new Dictionary<string, int>(definition.AddedTokens, StringComparer.Ordinal);
        _tokenById = new string?[definition.MaxId + 1];
        foreach (KeyValuePair<int, string> entry in definition.TokenById)
        {
            _tokenById[entry.Key] = entry.Value;
        }

        _idByToken = new Dictionary<string, int>(definition.Vocabulary, StringComparer.Ordinal);
        _isAddedToken = new bool[_tokenById.Length];
        foreach (KeyValuePair<string, int> added in definition.AddedTokens)
        {
            _idByToken[added.Key] = added.Value;
            _isAddedToken[added.Value] = true;
        }

        _addedTokens = new AddedTokenMatcher(definition.AddedTokens.Keys);
        MaxTokenBytes = merges.MaxTokenBytes;
        foreach (string added in definition.AddedTokens.Keys)
        {
            MaxTokenBytes = Math.Max(MaxTokenBytes, System.Text.Encoding.UTF8.GetByteCount(added));
        }

        BosTokenId = bosTokenId;
        EosTokenId = eosTokenId;
        PadTokenId = padTokenId;
        UnknownTokenId = unknownTokenId;
        CleanUpTokenizationSpaces = cleanUpTokenizationSpaces;
    }

    /// <summary>Id of <c>&lt;s&gt;</c>, which starts every encoded sequence and the decoder's answer.</summary>
    public int BosTokenId { get; }

    /// <summary>Id of <c>&lt;/s&gt;</c>, which ends every encoded sequence and generation.</summary>
    public int EosTokenId { get; }

    /// <summary>Id of <c>&lt;pad&gt;</c>.</summary>
    public int PadTokenId { get; }

    /// <summary>Id of <c>&lt;unk&gt;</c>.</summary>
    public int UnknownTokenId { get; }

    /// <summary>Largest token id plus one, added tokens included (51,289 for the released models).</summary>
    public int VocabularySize => _tokenById.Length;

    /// <summary>
    /// The most UTF-8 bytes of text one token can stand for: the longest merged BPE token or added token (128 for
    /// BART's vocabulary). It bounds the token count of a text from below without tokenizing it.
    /// </summary>
    public int MaxTokenBytes { get; }

    /// <summary>Whether <see cref="Decode(ReadOnlySpan{int})"/> removes spaces before punctuation and contractions (<c>clean_up_tokenization_spaces</c>).</summary>
    public bool CleanUpTokenizationSpaces { get; }

    /// <summary>
    /// Loads the tokenizer of a model folder: <c>tokenizer.json</c>, or else <c>vocab.json</c> + <c>merges.txt</c>
    /// (+ <c>added_tokens.json</c>); <c>tokenizer_config.json</c> when present. Florence tokens the files lack are
    /// added after the vocabulary, as Florence-2's processor does.
    /// </summary>
    /// <exception cref="ModelFileMissingException">Neither file set is in the folder.</exception>
    /// <exception cref="ModelConfigException">A file is malformed, misses a key or gives one id to two tokens.</exception>
    public static FlorenceTokenizer Load(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        string tokenizerJsonPath = Path.Combine(modelDirectory, TokenizerJsonReader.FileName);
        string definitionPath;
        string specialsKey;
        TokenizerDefinition definition;
        if (File.Exists(tokenizerJsonPath))
        {
            definitionPath = tokenizerJsonPath;
            specialsKey = "added_tokens";
            definition = TokenizerJsonReader.Read(tokenizerJsonPath);
        }
        else
        {
            ThrowIfFallbackFilesMissing(modelDirectory);
            definitionPath = Path.Combine(modelDirectory, VocabAndMergesReader.VocabFileName);
            specialsKey = "$";
            definition = VocabAndMergesReader.Read(modelDirectory);
        }

        definition.AddMissingFlorenceTokens(definitionPath);
        int bos = definition.GetRequiredSpecialId(FlorenceAddedTokens.Bos, definitionPath, specialsKey);
        int eos = definition.GetRequiredSpecialId(FlorenceAddedTokens.Eos, definitionPath, specialsKey);
        int pad = definition.GetRequiredSpecialId(FlorenceAddedTokens.Pad, definitionPath, specialsKey);
        int unknown = definition.GetRequiredSpecialId(FlorenceAddedTokens.Unknown, definitionPath, specialsKey);
        bool cleanUp = TokenizerConfigReader.ReadCleanUpTokenizationSpaces(modelDirectory);
        var preTokenizer = new FlorencePreTokenizer(definition.AddedTokens.Keys);
        BpeTokenizer bpe = CreateBpe(definition, definitionPath, preTokenizer);
        ByteLevelBpe merges = ByteLevelBpe.Create(definition, definitionPath);
        return new FlorenceTokenizer(bpe, preTokenizer, merges, definition, bos, eos, pad, unknown, cleanUp);
    }

    /// <summary>Encodes <paramref name="text"/> as <c>&lt;s&gt;</c> + ids + <c>&lt;/s&gt;</c>; added tokens in the text become their single id.</summary>
    /// <exception cref="InvalidPromptTextException">The text holds a UTF-16 surrogate without its pair (it has no UTF-8 form).</exception>
    public int[] Encode(string text) => Encode(text, new EncodeWork());

    /// <summary>Encodes like <see cref="Encode(string)"/>; <paramref name="cancellationToken"/> stops a long text mid-way.</summary>
    /// <exception cref="InvalidPromptTextException">The text holds a UTF-16 surrogate without its pair (it has no UTF-8 form).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled (checked every few thousand characters, bytes or merges).</exception>
    public int[] Encode(string text, CancellationToken cancellationToken) => Encode(text, new EncodeWork(cancellationToken));

    /// <summary>
    /// Encodes like <see cref="Encode(string)"/> a text that must fit <paramref name="budget"/>. A text whose fewest
    /// possible tokens (<see cref="MinimumTokenCount"/>) are over it is refused from its length before it is
    /// tokenized; otherwise it is tokenized and refused when its exact count is over.
    /// </summary>
    /// <exception cref="PromptTooLongException">The text does not fit; the count is exact, or a lower bound when so marked.</exception>
    /// <exception cref="InvalidPromptTextException">The text holds a UTF-16 surrogate without its pair (it has no UTF-8 form).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled (checked every few thousand characters, bytes or merges).</exception>
    public int[] Encode(string text, PromptTokenBudget budget, CancellationToken cancellationToken) => Encode(text, budget, new EncodeWork(cancellationToken));

    /// <summary><see cref="Encode(string, CancellationToken)"/> with the work counted in <paramref name="work"/>.</summary>
    internal int[] Encode(string text, EncodeWork work)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(work);
        work.ThrowIfCancellationRequested();
        UnpairedSurrogates.ThrowIfAny(text, nameof(text));
        return EncodeWellFormed(text, work);
    }

    /// <summary><see cref="Encode(string, PromptTokenBudget, CancellationToken)"/> with the work counted in <paramref name="work"/>.</summary>
    internal int[] Encode(string text, PromptTokenBudget budget, EncodeWork work)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(work);
        work.ThrowIfCancellationRequested();
        UnpairedSurrogates.ThrowIfAny(text, nameof(text));
        long fewest = MinimumTokenCount(text);
        if (budget.IsExceededBy(fewest))
        {
            throw budget.Refuse(fewest, isLowerBound: true);
        }

        int[] ids = EncodeWellFormed(text, work);
        if (budget.IsExceededBy(ids.Length))
        {
            throw budget.Refuse(ids.Length, isLowerBound: false);
        }

        return ids;
    }

    /// <summary>
    /// The fewest ids <see cref="Encode(string)"/> can give for well-formed <paramref name="text"/>, without tokenizing
    /// it: <c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c> and one token per <see cref="MaxTokenBytes"/> of its UTF-8 bytes,
    /// rounded up, since every byte belongs to exactly one token. Just the 2 when the vocabulary lacks a byte
    /// character (such a byte yields no token, so the length bounds nothing).
    /// </summary>
    internal long MinimumTokenCount(string text)
    {
        if (!_merges.CoversEveryByte)
        {
            return 2;
        }

        long bytes = System.Text.Encoding.UTF8.GetByteCount(text);
        return 2 + ((bytes + MaxTokenBytes - 1) / MaxTokenBytes);
    }

    /// <summary>
    /// The package's encoding of <paramref name="text"/> (Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>, whose
    /// merge loop is quadratic in a word's length) with <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c>: the reference that
    /// tests and the fuzzer hold <see cref="Encode(string)"/> to. Not for production use.
    /// </summary>
    internal int[] EncodeWithPackage(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        UnpairedSurrogates.ThrowIfAny(text, nameof(text));
        return [BosTokenId, .. _bpe.EncodeToIds(text), EosTokenId];
    }

    /// <summary>
    /// Decodes ids to text, special tokens kept verbatim and without spaces around them
    /// (<c>&lt;/s&gt;&lt;s&gt;car&lt;loc_52&gt;…&lt;/s&gt;</c>); then cleans up tokenization spaces when enabled.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public string Decode(ReadOnlySpan<int> ids)
    {
        int[] buffer = ArrayPool<int>.Shared.Rent(ids.Length);
        try
        {
            for (int i = 0; i < ids.Length; i++)
            {
                ThrowIfUnknownId(ids[i]);
                buffer[i] = ids[i];
            }

            return DecodeValidated(new ArraySegment<int>(buffer, 0, ids.Length));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes int64 ids as generation produces them; see <see cref="Decode(ReadOnlySpan{int})"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public string Decode(ReadOnlySpan<long> ids)
    {
        int[] buffer = ArrayPool<int>.Shared.Rent(ids.Length);
        try
        {
            for (int i = 0; i < ids.Length; i++)
            {
                ThrowIfUnknownId(ids[i]);
                buffer[i] = (int)ids[i];
            }

            return DecodeValidated(new ArraySegment<int>(buffer, 0, ids.Length));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Decodes ids like <see cref="Decode(ReadOnlySpan{int})"/> but WITHOUT the clean-up of tokenization spaces, and
    /// reports where each token's text ends, so that parsed items can be traced back to the tokens (and scores)
    /// that produced them. A character whose UTF-8 bytes span several tokens belongs to the token that completes it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public string DecodeWithOffsets(ReadOnlySpan<int> ids, out int[] tokenEnds)
    {
        tokenEnds = new int[ids.Length];
        var text = new System.Text.StringBuilder();
        var utf8 = System.Text.Encoding.UTF8.GetDecoder();
        for (int i = 0; i < ids.Length; i++)
        {
            AppendToken(ids[i], utf8, text);
            tokenEnds[i] = text.Length;
        }

        Flush(utf8, text);
        if (ids.Length > 0)
        {
            tokenEnds[^1] = text.Length;
        }

        return text.ToString();
    }

    /// <summary>
    /// Finds the first added token (<c>&lt;s&gt;</c>, <c>&lt;loc_5&gt;</c>, …) in <paramref name="text"/>, as
    /// <see cref="Encode(string)"/> would match it; false when the text has none.
    /// </summary>
    public bool TryFindAddedToken(ReadOnlySpan<char> text, out int index, out int length)
    {
        for (int i = 0; i < text.Length; i++)
        {
            int match = _addedTokens.MatchLengthAt(text, i);
            if (match > 0)
            {
                index = i;
                length = match;
                return true;
            }
        }

        index = -1;
        length = 0;
        return false;
    }

    /// <summary>Looks up a token by its text: an added token (<c>&lt;loc_5&gt;</c>) or a byte-level vocabulary entry (<c>Ġcat</c>).</summary>
    public bool TryGetTokenId(string token, out int id)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _idByToken.TryGetValue(token, out id);
    }

    /// <summary>The token's text as the files store it (byte-level form, e.g. <c>Ġcat</c>), or <see langword="null"/> for an unused id.</summary>
    public string? GetTokenText(int id) => (uint)id < (uint)_tokenById.Length ? _tokenById[id] : null;

    /// <summary>
    /// Appends one token's text to <paramref name="text"/>: an added token verbatim (after flushing a pending partial
    /// character as U+FFFD), a byte-level token through <paramref name="utf8"/>, which keeps an incomplete UTF-8
    /// sequence until a later token completes it. Call <see cref="Flush"/> at the end.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is outside the vocabulary.</exception>
    internal void AppendToken(int id, System.Text.Decoder utf8, System.Text.StringBuilder text)
    {
        ThrowIfUnknownId(id);
        string token = _tokenById[id]!;
        if (_isAddedToken[id])
        {
            Flush(utf8, text);
            text.Append(token);
            return;
        }

        Span<byte> bytes = stackalloc byte[1];
        Span<char> chars = stackalloc char[16];
        foreach (char c in token)
        {
            if (!ByteLevelAlphabet.TryGetByte(c, out bytes[0]))
            {
                throw new InvalidOperationException($"Vocabulary entry {id} ('{token}') has a character outside the byte-level alphabet.");
            }

            int written = utf8.GetChars(bytes, chars, flush: false);
            text.Append(chars[..written]);
        }
    }

    /// <summary>Ends a decode started with <see cref="AppendToken"/>: a pending partial character becomes U+FFFD.</summary>
    internal static void Flush(System.Text.Decoder utf8, System.Text.StringBuilder text)
    {
        Span<char> chars = stackalloc char[16];
        int written = utf8.GetChars(ReadOnlySpan<byte>.Empty, chars, flush: true);
        text.Append(chars[..written]);
    }

    private string DecodeValidated(ArraySegment<int> ids)
    {
        string text = _bpe.Decode(ids, considerSpecialTokens: true);
        return CleanUpTokenizationSpaces ? TokenizationSpacesCleanup.Apply(text) : text;
    }

    private void ThrowIfUnknownId(long id)
    {
        if ((ulong)id >= (ulong)_tokenById.Length || _tokenById[id] is null)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id {id} is not in the vocabulary; valid ids are 0 to {_tokenById.Length - 1}.");
        }
    }

    private static void ThrowIfFallbackFilesMissing(string modelDirectory)
    {
        string vocabPath = Path.Combine(modelDirectory, VocabAndMergesReader.VocabFileName);
        string mergesPath = Path.Combine(modelDirectory, VocabAndMergesReader.MergesFileName);
        bool hasVocab = ModelFile.Exists(vocabPath);
        bool hasMerges = ModelFile.Exists(mergesPath);
        if (hasVocab && hasMerges)
        {
            return;
        }

        string missing = hasVocab ? mergesPath : hasMerges ? vocabPath : $"{vocabPath} and {mergesPath}";
        throw new ModelFileMissingException(
            hasVocab ? mergesPath : vocabPath,
            $"No tokenizer in '{modelDirectory}': '{TokenizerJsonReader.FileName}' is missing and so is {missing} " +
            $"(looked for {TokenizerJsonReader.FileName}, or {VocabAndMergesReader.VocabFileName} + {VocabAndMergesReader.MergesFileName}).");
    }

    private int[] EncodeWellFormed(string text, EncodeWork work)
    {
        var pieces = new List<PreToken>();
        _preTokenizer.Split(text, pieces, work);
        var ids = new List<int>(pieces.Count + 2) { BosTokenId };
        var workspace = new ByteLevelBpe.Workspace();
        foreach (PreToken piece in pieces)
        {
            if (piece.IsAddedToken)
            {
                ids.Add(_addedTokenIds[text.Substring(piece.Offset, piece.Length)]);
            }
            else
            {
                _merges.EncodeWord(text.AsSpan(piece.Offset, piece.Length), ids, workspace, work);
            }
        }

        ids.Add(EosTokenId);
        return [.. ids];
    }

    private static BpeTokenizer CreateBpe(TokenizerDefinition definition, string definitionPath, FlorencePreTokenizer preTokenizer)
    {
        // The pre-tokenizer must cut out the added tokens, or "<loc_5>" would become "<", "loc", "_", "5", ">";
        // SpecialTokens then maps each such split to its id (and back when decoding).
        var options = new BpeOptions(definition.Vocabulary)
        {
            Merges = definition.Merges,
            ByteLevel = true,
            SpecialTokens = definition.AddedTokens,
            PreTokenizer = preTokenizer,
        };

        try
        {
            return BpeTokenizer.Create(options);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ModelConfigException(definitionPath, "model", $"the vocabulary and merges do not form a BPE model: {exception.Message}", exception);
        }
    }
}
