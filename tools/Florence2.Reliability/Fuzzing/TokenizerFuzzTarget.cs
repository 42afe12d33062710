using System.Text;
using Florence2.TestModels;
using Florence2.Tokenization;

namespace Florence2.Reliability.Fuzzing;

/// <summary>
/// Fuzzes <see cref="FlorenceTokenizer"/> (over the test tokenizer files: GPT-2's real BPE with Florence-2's added
/// tokens) with random unicode text (control characters, lone and paired surrogates, added tokens and pieces of
/// them, byte-level alphabet characters, very long runs) and random id sequences (valid, unused and out-of-range ids).
/// Checked: encoding never throws and gives <c>&lt;s&gt;</c> … <c>&lt;/s&gt;</c> with valid ids; decoding gives the text
/// back exactly (text with a lone surrogate must be refused with InvalidPromptTextException); per-token offsets form a valid
/// <see cref="AnswerTokens"/>; <see cref="FlorenceTokenizer.Decode(ReadOnlySpan{int})"/> agrees with the offsets
/// decode; streaming detokenization equals one-shot; an invalid id gives exactly <see cref="ArgumentOutOfRangeException"/>.
/// </summary>
internal sealed class TokenizerFuzzTarget : FuzzTarget<TokenizerInput>, IDisposable
{
    private static readonly string[] Pieces =
    [
        "<loc_5>", "<loc_999>", "<loc_1000>", "<s>", "</s>", "<pad>", "<unk>", "<mask>", "<OD>", "<poly>", "</poly>", "<sep>", "<ocr>",
        "<loc_", "<lo", "loc_5>", "<", ">", "Ġ", "Ċ", "ĉ", "Ā", "\ufffd", "\ufeff", "\u200b", "\u0301", "n't", " .", " 's", " ,", "  ",
        "\r\n", "\t", "🙂", "👩‍👩‍👧", "日本語", "ß", "İ", "Ω", "\u0000", "\u007f", "\u0085", "\u2028", "a", " the", "The", "123", "1,000.5",
    ];

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
        int[] encoded = _tokenizer.Encode(text);
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
