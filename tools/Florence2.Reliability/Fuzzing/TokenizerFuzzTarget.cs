using System.Text;
using Florence2.TestModels;
using Florence2.Tokenization;

namespace Florence2.Reliability.Fuzzing;

/// <summary>
/// Fuzzes <see cref="FlorenceTokenizer"/> (over the test tokenizer files: GPT-2's real BPE with Florence-2's added
/// tokens) with random unicode text (control characters, lone and paired surrogates, added tokens and pieces of
/// them, byte-level alphabet characters, very long runs), long words and runs of one character, texts near the
/// released models' prompt budget and huge texts, and with random id sequences (valid, unused and out-of-range ids).
/// Checked: encoding never throws and gives <c>&lt;s&gt;</c> … <c>&lt;/s&gt;</c> with valid ids, the package's ids
/// (Microsoft.ML.Tokenizers' BpeTokenizer, for texts up to <see cref="MaxPackageComparisonLength"/> characters, its
/// loop being quadratic), at most four merge steps per byte; a budgeted encode returns the same ids or refuses with
/// a true count (exact, or a lower bound that is at most the real count, found with no tokenization work); a
/// cancelled token stops it before any work; decoding gives the text back exactly (text with a lone surrogate must be
/// refused with InvalidPromptTextException); per-token offsets form a valid <see cref="AnswerTokens"/>;
/// <see cref="FlorenceTokenizer.Decode(ReadOnlySpan{int})"/> agrees with the offsets decode; streaming
/// detokenization equals one-shot (up to <see cref="MaxStreamedIds"/> ids); an invalid id gives exactly <see cref="ArgumentOutOfRangeException"/>.
/// </summary>
internal sealed class TokenizerFuzzTarget : FuzzTarget<TokenizerInput>, IDisposable
{
    private static readonly string[] Pieces =
    [
        "<loc_5>", "<loc_999>", "<loc_1000>", "<s>", "</s>", "<pad>", "<unk>", "<mask>", "<OD>", "<poly>", "</poly>", "<sep>", "<ocr>",
        "<loc_", "<lo", "loc_5>", "<", ">", "Ġ", "Ċ", "ĉ", "Ā", "\ufffd", "\ufeff", "\u200b", "\u0301", "n't", " .", " 's", " ,", "  ",
        "\r\n", "\t", "🙂", "👩‍👩‍👧", "日本語", "ß", "İ", "Ω", "\u0000", "\u007f", "\u0085", "\u2028", "a", " the", "The", "123", "1,000.5",
    ];

    // The released models: 577 image tokens leave 447 of 1024 positions to the prompt.
    private static readonly PromptTokenBudget ReleasedModelBudget = new(ImageTokenCount: 577, MaxPositions: 1024, ParamName: "text");

    private const int MaxPackageComparisonLength = 20_000;

    // Streaming detokenization gets answers, which the decoder's 1024 positions bound; it costs time quadratic in a run
    // without a safe cut (spaces, or the letters of <s>, </s>, <pad>), so longer id sequences skip that property.
    private const int MaxStreamedIds = 4096;

    private readonly string _directory;
    private readonly FlorenceTokenizer _tokenizer;

    public TokenizerFuzzTarget()
    {
        _directory = Path.Combine(Path.GetTempPath(), "florence2-fuzz-tokenizer", Guid.NewGuid().ToString("N"));
        TestTokenizerFiles.Write(_directory);
        _tokenizer = FlorenceTokenizer.Load(_directory);
    }

    public override string Name => "tokenizer";

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    protected override TokenizerInput Generate(Random random)
    {
        if (random.Next(3) == 0)
        {
            int length = random.Next(100) < 2 ? random.Next(1000, 20000) : random.Next(0, 40);
            var ids = new long[length];
            int vocabulary = _tokenizer.VocabularySize;
            for (int i = 0; i < length; i++)
            {
                ids[i] = random.Next(100) switch
                {
                    0 => random.Next(4) switch { 0 => -1, 1 => vocabulary, 2 => int.MaxValue, _ => long.MaxValue },
                    < 30 => random.Next(vocabulary - 1300, vocabulary), // the added tokens at the end
                    _ => random.Next(vocabulary),
                };
            }

            return new TokenizerInput(null, ids);
        }

        switch (random.Next(1000))
        {
            case < 5:
                return new TokenizerInput(LongText(random, random.Next(500_000, 3_000_001)), null); // huge
            case < 25:
                return new TokenizerInput(NearBudget(random), null);
            case < 85:
                return new TokenizerInput(LongText(random, random.Next(1_000, 100_001)), null);
        }

        var text = new StringBuilder();
        int parts = random.Next(100) switch
        {
            < 2 => random.Next(2000, 20000), // very long
            _ => random.Next(0, 30),
        };
        for (int i = 0; i < parts; i++)
        {
            switch (random.Next(6))
            {
                case 0:
                    text.Append(Pieces[random.Next(Pieces.Length)]);
                    break;
                case 1:
                    text.Append((char)random.Next(0x10000)); // any UTF-16 unit, lone surrogates included
                    break;
                case 2:
                    text.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x110000)));
                    break;
                case 3:
                    text.Append((char)random.Next(0, 0x20));
                    break;
                case 4:
                    text.Append(new string((char)random.Next('a', 'z' + 1), random.Next(100) == 0 ? random.Next(500, 5000) : random.Next(1, 6)));
                    break;
                default:
                    text.Append((char)random.Next(0x20, 0x250));
                    break;
            }
        }

        return new TokenizerInput(text.ToString(), null);
    }

    protected override void Execute(TokenizerInput input)
    {
        if (input.Ids is { } ids)
        {
            ExecuteIds(ids);
            return;
        }

        string text = input.Text!;
        var work = new EncodeWork();
        int[] encoded = _tokenizer.Encode(text, work);
        InvariantViolationException.Check(work.MergeSteps <= 4 * work.BpeBytes, "merge-steps",
            () => $"{work.MergeSteps} merge steps for {work.BpeBytes} bytes (at most 4 per byte)");
        if (text.Length <= MaxPackageComparisonLength)
        {
            InvariantViolationException.Check(encoded.AsSpan().SequenceEqual(_tokenizer.EncodeWithPackage(text)), "package-ids",
                () => "the ids differ from Microsoft.ML.Tokenizers' BpeTokenizer");
        }

        CheckBudgetedEncode(text, encoded);
        CheckCancelledEncode(text);
        InvariantViolationException.Check(encoded.Length >= 2 && encoded[0] == _tokenizer.BosTokenId && encoded[^1] == _tokenizer.EosTokenId,
            "encode-frame", () => "the ids do not start with <s> and end with </s>");
        foreach (int id in encoded)
        {
            InvariantViolationException.Check(_tokenizer.GetTokenText(id) is not null, "encode-invalid-id", () => $"id {id}");
        }

        string decoded = CheckDecodes(encoded);
        string expected = "<s>" + WellFormed(text) + "</s>";
        InvariantViolationException.Check(decoded == expected, "round-trip", () => $"decoded {decoded.Length} chars, expected {expected.Length}; first difference at {FirstDifference(decoded, expected)}");
    }

    // Ids outside the vocabulary are refused by Decode; text with a lone surrogate (no UTF-8 form) by Encode.
    protected override bool IsExpected(TokenizerInput input, Exception exception) =>
        (exception is ArgumentOutOfRangeException && input.Ids is { } ids && ids.Any(id => !IsValid(id)))
        || (exception is InvalidPromptTextException && input.Text is { } text && WellFormed(text) != text);

    protected override void Save(TokenizerInput input, string pathWithoutExtension) =>
        File.WriteAllText(pathWithoutExtension + ".txt", input.Describe());

    private void ExecuteIds(long[] ids)
    {
        bool allValid = ids.All(IsValid);
        if (!allValid)
        {
            _ = _tokenizer.Decode(ids); // must throw ArgumentOutOfRangeException (checked by the runner)
            throw new InvariantViolationException("invalid-id-accepted", "Decode(long[]) accepted an id outside the vocabulary");
        }

        var asInt = Array.ConvertAll(ids, id => (int)id);
        _ = CheckDecodes(asInt);
        InvariantViolationException.Check(_tokenizer.Decode(ids) == _tokenizer.Decode(asInt), "decode-long-int", () => "Decode(long[]) and Decode(int[]) differ");
    }

    /// <summary>Decodes three ways and checks they agree; returns the text without clean-up.</summary>
    private string CheckDecodes(int[] ids)
    {
        string withOffsets = _tokenizer.DecodeWithOffsets(ids, out int[] ends);
        try
        {
            _ = new AnswerTokens(withOffsets, ends, new float[ends.Length], isTruncated: false, _tokenizer.CleanUpTokenizationSpaces);
        }
        catch (ArgumentException exception)
        {
            throw new InvariantViolationException("offsets", exception.Message);
        }

        string plain = _tokenizer.Decode(ids);
        string cleaned = _tokenizer.CleanUpTokenizationSpaces ? TokenizationSpacesCleanup.Apply(withOffsets) : withOffsets;
        InvariantViolationException.Check(plain == cleaned, "decode-vs-offsets", () => $"Decode and DecodeWithOffsets differ at {FirstDifference(plain, cleaned)}");

        if (ids.Length > MaxStreamedIds)
        {
            return withOffsets;
        }

        var streamed = new StringBuilder();
        var stream = new StreamingDetokenizer(_tokenizer);
        foreach (int id in ids)
        {
            streamed.Append(stream.Append(id));
        }

        streamed.Append(stream.Finish());
        InvariantViolationException.Check(streamed.ToString() == Visible(withOffsets), "streaming", () => "the streamed pieces differ from the decoded answer");
        return withOffsets;
    }

    /// <summary>What streaming shows: the decoded text without &lt;s&gt;, &lt;/s&gt; and &lt;pad&gt;, cleaned up when enabled.</summary>
    private string Visible(string decoded)
    {
        string text = decoded.Replace("<s>", string.Empty, StringComparison.Ordinal)
            .Replace("</s>", string.Empty, StringComparison.Ordinal)
            .Replace("<pad>", string.Empty, StringComparison.Ordinal);
        return _tokenizer.CleanUpTokenizationSpaces ? TokenizationSpacesCleanup.Apply(text) : text;
    }

    /// <summary>With the released models' budget: the same ids when they fit, else a refusal with a true count.</summary>
    private void CheckBudgetedEncode(string text, int[] encoded)
    {
        var work = new EncodeWork();
        try
        {
            int[] budgeted = _tokenizer.Encode(text, ReleasedModelBudget, work);
            InvariantViolationException.Check(budgeted.AsSpan().SequenceEqual(encoded) && encoded.Length <= ReleasedModelBudget.MaxPromptTokens,
                "budget-accepted", () => $"{budgeted.Length} ids accepted for a budget of {ReleasedModelBudget.MaxPromptTokens} ({encoded.Length} without it)");
        }
        catch (PromptTooLongException refused)
        {
            InvariantViolationException.Check(refused.PromptTokenCount > ReleasedModelBudget.MaxPromptTokens && refused.ImageTokenCount == ReleasedModelBudget.ImageTokenCount,
                "budget-refused", () => $"refused with {refused.PromptTokenCount} prompt tokens for a budget of {ReleasedModelBudget.MaxPromptTokens}");
            if (refused.IsPromptTokenCountLowerBound)
            {
                InvariantViolationException.Check(refused.PromptTokenCount <= encoded.Length && work.Units == 0, "budget-lower-bound",
                    () => $"lower bound {refused.PromptTokenCount} for {encoded.Length} ids, after {work.Units} units of work");
            }
            else
            {
                InvariantViolationException.Check(refused.PromptTokenCount == encoded.Length, "budget-exact",
                    () => $"exact count {refused.PromptTokenCount} for {encoded.Length} ids");
            }
        }
    }

    /// <summary>A token cancelled before the call stops it before any work.</summary>
    private void CheckCancelledEncode(string text)
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var work = new EncodeWork(cancellation.Token);
        try
        {
            _ = _tokenizer.Encode(text, ReleasedModelBudget, work);
            throw new InvariantViolationException("cancel-ignored", "an encode with a cancelled token returned");
        }
        catch (OperationCanceledException)
        {
            InvariantViolationException.Check(work.Units == 0, "cancel-late", () => $"{work.Units} units of work before the cancel was seen");
        }
    }

    /// <summary>One long word or run: one character repeated, random letters, digits or CJK, or a word repeated without spaces.</summary>
    private static string LongText(Random random, int length)
    {
        string[] runCharacters = ["a", "Z", " ", "\n", "0", "-", "!", "Ġ", "東", "é", "😀", "\u0301", "'"];
        switch (random.Next(6))
        {
            case 0:
                string unit = runCharacters[random.Next(runCharacters.Length)];
                return new StringBuilder(length + unit.Length).Insert(0, unit, Math.Max(1, length / unit.Length)).ToString();
            case 1:
                return RandomString(length, () => (char)random.Next('a', 'z' + 1));
            case 2:
                return RandomString(length, () => (char)random.Next('0', '9' + 1));
            case 3:
                return RandomString(length, () => (char)random.Next(0x4E00, 0xA000));
            case 4:
                return RandomString(length, () => (char)random.Next(0x21, 0x7F)); // printable ASCII, no space
            default:
                string word = Pieces[random.Next(Pieces.Length)];
                return new StringBuilder().Insert(0, word, Math.Max(1, length / Math.Max(1, word.Length))).ToString();
        }
    }

    /// <summary>
    /// Texts at the edges of the released models' budget: about 447 × 128 UTF-8 bytes (where the length bound starts
    /// to refuse), or 430–460 repetitions of a one-token word (where the exact count starts to).
    /// </summary>
    private static string NearBudget(Random random)
    {
        if (random.Next(2) == 0)
        {
            return string.Concat(Enumerable.Repeat(random.Next(2) == 0 ? " word" : "<loc_5>", random.Next(430, 461)));
        }

        int bytes = (int)ReleasedModelBudget.MaxPromptTokens * 128 + random.Next(-2_000, 2_001);
        return random.Next(2) == 0 ? new string('a', bytes) : RandomString(bytes, () => (char)random.Next('a', 'z' + 1));
    }

    private static string RandomString(int length, Func<char> next)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = next();
        }

        return new string(chars);
    }

    private bool IsValid(long id) => id >= 0 && id < _tokenizer.VocabularySize && _tokenizer.GetTokenText((int)id) is not null;

    /// <summary>The text as UTF-8 can carry it: each lone surrogate becomes U+FFFD.</summary>
    private static string WellFormed(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));

    private static int FirstDifference(string a, string b)
    {
        int length = Math.Min(a.Length, b.Length);
        for (int i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return length;
    }
}
