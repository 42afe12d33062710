using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Florence2.AI;

/// <summary>
/// Reads the task from a user message's text: a task token with its input (<c>&lt;OD&gt;</c>,
/// <c>&lt;OPEN_VOCABULARY_DETECTION&gt; a wheel</c>, <c>&lt;DocVQA&gt; What is the date?</c>), or one of a small set of
/// plain phrases (<see cref="Phrases"/>). Anything else is refused: base Florence-2 was trained on its task prompts
/// only, and a free question would get an answer that looks plausible and is not.
/// </summary>
internal static partial class ChatTaskText
{
    /// <summary>Whole phrases (case and a trailing '.', '?' or '!' ignored) and the task each one asks for.</summary>
    private static readonly (string Phrase, string Token)[] WholePhrases =
    [
        ("caption", TaskTokens.Caption),
        ("describe", TaskTokens.Caption),
        ("describe the image", TaskTokens.Caption),
        ("describe this image", TaskTokens.Caption),
        ("what is in the image", TaskTokens.Caption),
        ("what is in this image", TaskTokens.Caption),
        ("describe in detail", TaskTokens.DetailedCaption),
        ("describe the image in detail", TaskTokens.DetailedCaption),
        ("describe this image in detail", TaskTokens.DetailedCaption),
        ("describe in more detail", TaskTokens.MoreDetailedCaption),
        ("describe the image in more detail", TaskTokens.MoreDetailedCaption),
        ("describe with a paragraph", TaskTokens.MoreDetailedCaption),
        ("detect objects", TaskTokens.ObjectDetection),
        ("detect the objects", TaskTokens.ObjectDetection),
        ("find the objects", TaskTokens.ObjectDetection),
        ("locate the objects", TaskTokens.ObjectDetection),
        ("list the objects", TaskTokens.ObjectDetection),
        ("describe the regions", TaskTokens.DenseRegionCaption),
        ("caption the regions", TaskTokens.DenseRegionCaption),
        ("propose regions", TaskTokens.RegionProposal),
        ("read the text", TaskTokens.Ocr),
        ("read text", TaskTokens.Ocr),
        ("ocr", TaskTokens.Ocr),
        ("what does it say", TaskTokens.Ocr),
        ("read the text with regions", TaskTokens.OcrWithRegion),
        ("read the text with boxes", TaskTokens.OcrWithRegion),
        ("read the lines with boxes", TaskTokens.OcrWithRegion),
    ];

    /// <summary>
    /// Leading words whose rest is the task's text input, longest first within a task so that "find the phrases"
    /// wins over "find". Whole phrases are tried before these, so "find the objects" is object detection.
    /// </summary>
    private static readonly (string Prefix, string Token)[] LeadingPhrases =
    [
        ("ground the phrases of", TaskTokens.CaptionToPhraseGrounding),
        ("find the phrases of", TaskTokens.CaptionToPhraseGrounding),
        ("ground", TaskTokens.CaptionToPhraseGrounding),
        ("segment", TaskTokens.ReferringExpressionSegmentation),
        ("outline", TaskTokens.ReferringExpressionSegmentation),
        ("where is", TaskTokens.OpenVocabularyDetection),
        ("where are", TaskTokens.OpenVocabularyDetection),
        ("find", TaskTokens.OpenVocabularyDetection),
        ("locate", TaskTokens.OpenVocabularyDetection),
        ("detect", TaskTokens.OpenVocabularyDetection),
    ];

    /// <summary>Words at the end of an object name that the prompt says already ("Locate {input} in the image.").</summary>
    private static readonly string[] ImageSuffixes = [" in the image", " in this image", " in the picture", " in this picture"];

    private static readonly string[] RegionTokens = [TaskTokens.RegionToSegmentation, TaskTokens.RegionToCategory, TaskTokens.RegionToDescription, TaskTokens.RegionToOcr];

    /// <summary>The phrases, as the refusal lists them: "describe", "detect objects", "where is …", ...</summary>
    public static string Phrases { get; } = string.Join(", ",
        WholePhrases.Select(p => $"\"{p.Phrase}\"").Concat(LeadingPhrases.Select(p => $"\"{p.Prefix} …\"")));

    /// <summary>The task <paramref name="text"/> asks for; an empty text asks for a caption.</summary>
    /// <param name="text">The message's text, trimmed or not.</param>
    /// <param name="answerKind">How a free prompt's answer is parsed (from <see cref="Florence2ChatOptions.AnswerKind"/>); null for plain text.</param>
    /// <exception cref="ArgumentException">The text names no task, or the task's input is missing, malformed or not allowed.</exception>
    public static Florence2Task<TaskResult> Read(string text, AnswerKind? answerKind)
    {
        var request = Normalize(text);
        if (request.Length == 0)
        {
            return Florence2Task.FromToken(TaskTokens.Caption, answerKind: answerKind);
        }

        var token = LeadingToken().Match(request);
        if (token.Success)
        {
            return FromToken(token.Value, request[token.Length..].Trim(), answerKind);
        }

        if (answerKind is not null)
        {
            throw RequestError.InOptions(
                $"{Florence2ChatOptions.AnswerKind} applies to a fine-tune's own task token (such as <DocVQA>), not to plain words; start the message with the token.");
        }

        var withoutSuffix = WithoutImageSuffix(request);
        foreach (var (phrase, task) in WholePhrases)
        {
            if (string.Equals(request, phrase, StringComparison.OrdinalIgnoreCase) || string.Equals(withoutSuffix, phrase, StringComparison.OrdinalIgnoreCase))
            {
                return Florence2Task.FromToken(task);
            }
        }

        foreach (var (prefix, task) in LeadingPhrases)
        {
            if (request.Length > prefix.Length + 1 && request.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && request[prefix.Length] is ' ' or ':')
            {
                var input = WithoutImageSuffix(request[(prefix.Length + 1)..].TrimStart(':', ' '));
                if (input.Length > 0)
                {
                    return Florence2Task.FromToken(task, input);
                }
            }
        }

        throw RequestError.InMessages(
            $"The message's text \"{Shorten(request)}\" names no Florence-2 task. Start it with a task token (<CAPTION>, <OD>, <OCR>, "
            + $"<OPEN_VOCABULARY_DETECTION> a wheel, a fine-tune's own token such as <DocVQA> with its question) or use one of these phrases: {Phrases}.");
    }

    private static Florence2Task<TaskResult> FromToken(string token, string rest, AnswerKind? answerKind)
    {
        // The 15 trained tokens are matched whatever their case; any other token is a fine-tune's own, kept as written.
        var known = Array.Find(KnownTokens, t => string.Equals(t, token, StringComparison.OrdinalIgnoreCase));
        if (known is not null && RegionTokens.Contains(known))
        {
            return Florence2Task.FromToken(known, region: Region(known, rest), answerKind: answerKind);
        }

        return Florence2Task.FromToken(known ?? token, rest.Length == 0 ? null : rest, answerKind: answerKind);
    }

    /// <summary>A region task's input: four numbers in pixels of the original image, "x1,y1,x2,y2" (spaces, commas or brackets between).</summary>
    private static BoundingBox Region(string token, string text)
    {
        var parts = text.Split([',', ' ', '[', ']', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        var numbers = new float[4];
        if (parts.Length != 4 || !parts.Select((p, i) => float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i])).All(ok => ok))
        {
            throw RequestError.InMessages(
                $"{token} needs the region after the token as four numbers in pixels of the image, x1,y1,x2,y2 (for example \"{token} 10,20,200,180\"); got \"{Shorten(text)}\".");
        }

        return new BoundingBox(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    private static readonly string[] KnownTokens =
    [
        TaskTokens.Ocr, TaskTokens.OcrWithRegion, TaskTokens.Caption, TaskTokens.DetailedCaption, TaskTokens.MoreDetailedCaption,
        TaskTokens.ObjectDetection, TaskTokens.DenseRegionCaption, TaskTokens.RegionProposal, TaskTokens.CaptionToPhraseGrounding,
        TaskTokens.ReferringExpressionSegmentation, TaskTokens.RegionToSegmentation, TaskTokens.OpenVocabularyDetection,
        TaskTokens.RegionToCategory, TaskTokens.RegionToDescription, TaskTokens.RegionToOcr,
    ];

    /// <summary>Trims, folds runs of white space into one space and drops one trailing '.', '?' or '!'.</summary>
    private static string Normalize(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                if (folded.Length > 0 && folded[^1] != ' ')
                {
                    folded.Append(' ');
                }
            }
            else
            {
                folded.Append(c);
            }
        }

        if (folded.Length > 0 && folded[^1] is '.' or '?' or '!' && !LeadingToken().IsMatch(folded.ToString()))
        {
            folded.Length--;
        }

        return folded.ToString().TrimEnd();
    }

    private static string WithoutImageSuffix(string input)
    {
        foreach (var suffix in ImageSuffixes)
        {
            if (input.Length > suffix.Length && input.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return input[..^suffix.Length].TrimEnd();
            }
        }

        return input;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");

    /// <summary>A task token at the start: '&lt;', a name without spaces or angle brackets, '&gt;'.</summary>
    [GeneratedRegex(@"^<[^<>\s]{1,64}>")]
    private static partial Regex LeadingToken();
}
