using System.Globalization;
using System.Text;

namespace Florence2.Reliability.Fuzzing;

/// <summary>One tokenizer input: a text to encode and decode, or (when <see cref="Ids"/> is set) ids to decode.</summary>
internal sealed record TokenizerInput(string? Text, long[]? Ids)
{
    public string Describe()
    {
        var culture = CultureInfo.InvariantCulture;
        if (Ids is not null)
        {
            return "ids: " + string.Join(' ', Ids.Select(id => id.ToString(culture))) + "\n";
        }

        var text = new StringBuilder("text (C# escaped, ").Append(Text!.Length).AppendLine(" chars):");
        foreach (char c in Text)
        {
            text.Append(c is >= ' ' and <= '~' and not '\\' ? c.ToString() : string.Create(culture, $"\\u{(int)c:x4}"));
        }

        return text.AppendLine().ToString();
    }
}
