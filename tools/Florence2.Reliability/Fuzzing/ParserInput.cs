using System.Globalization;
using System.Text;

namespace Florence2.Reliability.Fuzzing;

/// <summary>One parser input: an answer text, its token segmentation and log-probabilities, and an image size.</summary>
internal sealed record ParserInput(string Text, int[] TokenEnds, float[] LogProbs, bool IsTruncated, bool CleanUp, ImageSize ImageSize)
{
    public AnswerTokens ToAnswer() => new(Text, TokenEnds, LogProbs, IsTruncated, CleanUp);

    public string Describe()
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"image: {ImageSize.Width}x{ImageSize.Height}, truncated: {IsTruncated}, cleanup: {CleanUp}, tokens: {TokenEnds.Length}");
        text.AppendLine(culture, $"ends: {string.Join(' ', TokenEnds)}");
        text.AppendLine(culture, $"logprobs: {string.Join(' ', LogProbs.Select(p => p.ToString("R", culture)))}");
        text.AppendLine("text (C# escaped):");
        foreach (char c in Text)
        {
            text.Append(c is >= ' ' and <= '~' and not '\\' ? c.ToString() : string.Create(culture, $"\\u{(int)c:x4}"));
        }

        return text.AppendLine().ToString();
    }
}
