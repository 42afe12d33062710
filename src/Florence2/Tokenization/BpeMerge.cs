namespace Florence2.Tokenization;

/// <summary>
/// One BPE merge in the <c>"left right"</c> form Microsoft.ML.Tokenizers takes. Byte-level tokens never hold a
/// space (it is written <c>Ġ</c>), so the single space separates the two parts unambiguously.
/// </summary>
internal static class BpeMerge
{
    /// <summary>Checks a <c>merges.txt</c> line or a string merge of <c>tokenizer.json</c>.</summary>
    public static string FromLine(string line, string filePath, string keyPath)
    {
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || space == line.Length - 1 || line.IndexOf(' ', space + 1) >= 0)
        {
            throw new ModelConfigException(filePath, keyPath, $"expected a merge \"left right\", found \"{line}\".");
        }

        return line;
    }

    /// <summary>Joins a merge stored as a pair.</summary>
    public static string FromPair(string left, string right, string filePath, string keyPath)
    {
        if (left.Length == 0 || right.Length == 0 || left.Contains(' ', StringComparison.Ordinal) || right.Contains(' ', StringComparison.Ordinal))
        {
            throw new ModelConfigException(filePath, keyPath, $"the merge [\"{left}\", \"{right}\"] has an empty part or a part with a space.");
        }

        return string.Concat(left, " ", right);
    }
}
