using System.Text;
using System.Text.RegularExpressions;
using Florence2.Parsing;
using Florence2.Tokenization;

namespace Florence2;

/// <summary>
/// The default <see cref="ILocationTokenParser"/>: the Python remote-code post-processing (spec section 3) with the
/// regular expressions, label rules and de-quantization to bin centres ((bin + 0.5) / 1000 × size; x by width, y by
/// height). Stateless and thread-safe; never throws on malformed text, and every coordinate it returns is finite
/// and inside [0, width] × [0, height].
/// </summary>
/// <remarks>
/// <para>Scores: each box, quad and polygon instance gets exp(mean log-probability) of the tokens whose characters
/// overlap its location tokens (the reference's <c>avg_loc_scores</c>).</para>
/// <para>Deliberate differences from the Python reference:</para>
/// <list type="bullet">
/// <item><description><c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c> and <c>&lt;pad&gt;</c> are removed everywhere and labels are trimmed, so the
/// first OCR label is <c>CUDA</c>, not <c>&lt;/s&gt;CUDA</c>; pure text also loses <c>&lt;pad&gt;</c> and is trimmed.</description></item>
/// <item><description>Non-ASCII characters are kept in labels (Python drops them from box and grounding labels).</description></item>
/// <item><description><c>&lt;obj&gt;</c> and <c>&lt;ground&gt;</c> are removed from box and grounding answers, as Python
/// intends (a bug there keeps <c>&lt;ground&gt;</c>, and the removal comes too late to matter).</description></item>
/// <item><description>Location bins past 999 (<c>&lt;loc_1500&gt;</c>) are clamped to 999, so coordinates stay inside the image;
/// location tokens need ASCII digits.</description></item>
/// <item><description>Location tokens never appear in labels: an OCR label that swallowed the leftover location tokens of an
/// incomplete line loses them, and a label whose match starts inside an earlier tag (Python labels the phrase after a
/// leading unlabeled run <c>loc_4&gt;car</c>) loses the tag fragment; a phrase that is only such a fragment is skipped.</description></item>
/// <item><description>Labels get <c>clean_up_tokenization_spaces</c> when the answer asks for it (Python applies it while decoding).</description></item>
/// <item><description>Polygons: the label is empty when labels are not required; a polygon left with no point (one odd coordinate)
/// is dropped, and so is an instance left with no polygon (Python keeps empty lists).</description></item>
/// <item><description>Truncated answers (<see cref="AnswerTokens.IsTruncated"/>): a box needs its 4 location tokens and an OCR line
/// its 8 (as in Python); the polygon that ends the answer, with no <c>&lt;sep&gt;</c>, <c>&lt;/poly&gt;</c> or other text after
/// its last location token, is dropped because it may be cut short.</description></item>
/// </list>
/// </remarks>
public sealed class LocationTokenParser : ILocationTokenParser
{
    private static readonly string[] SequenceMarkers = ["<s>", "</s>", "<pad>"];

    // Python means to remove these from box phrases too; only boxes and groundings use them.
    private static readonly string[] BoxAnswerMarkers = ["<s>", "</s>", "<pad>", "<obj>", "<ground>"];

    private LocationTokenParser()
    {
    }

    /// <summary>The shared instance (the parser has no state).</summary>
    public static LocationTokenParser Instance { get; } = new();

    /// <summary>
    /// Whether the answer contains <c>&lt;poly&gt;</c>: for <c>description_with_bboxes_or_polygons</c> (open-vocabulary
    /// detection), parse it with <see cref="ParsePolygons"/> (labels required) when true, else with <see cref="ParseBoxes"/> (labels required).
    /// </summary>
    /// <param name="answer">The generated answer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is null.</exception>
    public static bool HasPolygons(AnswerTokens answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Text.Contains("<poly>", StringComparison.Ordinal);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is null.</exception>
    public string ParseText(AnswerTokens answer, bool removeLocationTokens)
    {
        ArgumentNullException.ThrowIfNull(answer);

        // Python decodes with the clean-up applied to the whole text, markers included, so it comes first here too.
        string text = answer.CleanUpTokenizationSpaces ? TokenizationSpacesCleanup.Apply(answer.Text) : answer.Text;
        var builder = new StringBuilder(text.Length);
        int position = 0;
        while (position < text.Length)
        {
            int skip = text[position] == '<' ? RemovableTagLength(text, position, removeLocationTokens) : 0;
            if (skip > 0)
            {
                position += skip;
                continue;
            }

            builder.Append(text[position]);
            position++;
        }

        return builder.ToString().Trim();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A side of <paramref name="imageSize"/> is not positive.</exception>
    public IReadOnlyList<Detection> ParseBoxes(AnswerTokens answer, ImageSize imageSize, bool labelsRequired)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ValidateImageSize(imageSize);
        var cleaned = CleanedAnswer.Remove(answer.Text, BoxAnswerMarkers);
        string text = cleaned.Text;
        var detections = new List<Detection>();
        var tokens = new List<LocationToken>();
        var phrasePattern = labelsRequired ? AnswerPatterns.LabeledBoxPhrase() : AnswerPatterns.UnlabeledBoxPhrase();
        foreach (var phrase in phrasePattern.EnumerateMatches(text))
        {
            string label = string.Empty;
            if (labelsRequired && !TryReadLabel(AnswerPatterns.BoxPhraseLabel(), text, phrase, answer, out label))
            {
                continue;
            }

            tokens.Clear();
            LocationToken.ReadRun(text, RunStart(text, phrase), phrase.Index + phrase.Length, tokens);
            for (int first = 0; first + 4 <= tokens.Count; first += 4)
            {
                var box = ToBox(tokens, first, imageSize);
                float score = Score(answer, cleaned, tokens, first, 4);
                detections.Add(new Detection(box, label, score));
            }
        }

        return detections.AsReadOnly();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A side of <paramref name="imageSize"/> is not positive.</exception>
    public IReadOnlyList<PhraseGrounding> ParseGroundings(AnswerTokens answer, ImageSize imageSize)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ValidateImageSize(imageSize);
        var cleaned = CleanedAnswer.Remove(answer.Text, BoxAnswerMarkers);
        string text = cleaned.Text;
        var groundings = new List<PhraseGrounding>();
        var tokens = new List<LocationToken>();
        foreach (var phrase in AnswerPatterns.LabeledBoxPhrase().EnumerateMatches(text))
        {
            if (!TryReadLabel(AnswerPatterns.BoxPhraseLabel(), text, phrase, answer, out string label)
                || GroundingBlacklist.Contains(label))
            {
                continue;
            }

            tokens.Clear();
            LocationToken.ReadRun(text, RunStart(text, phrase), phrase.Index + phrase.Length, tokens);
            int boxCount = tokens.Count / 4;
            var boxes = new BoundingBox[boxCount];
            var scores = new float[boxCount];
            for (int box = 0; box < boxCount; box++)
            {
                boxes[box] = ToBox(tokens, box * 4, imageSize);
                scores[box] = Score(answer, cleaned, tokens, box * 4, 4);
            }

            groundings.Add(new PhraseGrounding(label, boxes, scores));
        }

        return groundings.AsReadOnly();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A side of <paramref name="imageSize"/> is not positive.</exception>
    public IReadOnlyList<OcrLine> ParseOcr(AnswerTokens answer, ImageSize imageSize)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ValidateImageSize(imageSize);
        var cleaned = CleanedAnswer.Remove(answer.Text, SequenceMarkers);
        string text = cleaned.Text;
        var lines = new List<OcrLine>();
        var tokens = new List<LocationToken>();
        foreach (var span in OcrLineFinder.Find(text, tokens))
        {
            int first = span.FirstToken;
            var quad = new QuadBox(
                ToPoint(tokens[first], tokens[first + 1], imageSize),
                ToPoint(tokens[first + 2], tokens[first + 3], imageSize),
                ToPoint(tokens[first + 4], tokens[first + 5], imageSize),
                ToPoint(tokens[first + 6], tokens[first + 7], imageSize));
            string label = FinishLabel(RemoveLocationTokens(text[span.LabelStart..span.LabelEnd]), answer);
            lines.Add(new OcrLine(quad, label, Score(answer, cleaned, tokens, first, OcrLineFinder.LocationsPerLine)));
        }

        return lines.AsReadOnly();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A side of <paramref name="imageSize"/> is not positive.</exception>
    public IReadOnlyList<Segmentation> ParsePolygons(AnswerTokens answer, ImageSize imageSize, bool labelsRequired)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ValidateImageSize(imageSize);
        var cleaned = CleanedAnswer.Remove(answer.Text, SequenceMarkers);
        string text = cleaned.Text;
        var segmentations = new List<Segmentation>();
        var tokens = new List<LocationToken>();
        var phrasePattern = labelsRequired ? AnswerPatterns.LabeledPolygonPhrase() : AnswerPatterns.UnlabeledPolygonPhrase();
        foreach (var phrase in phrasePattern.EnumerateMatches(text))
        {
            string label = string.Empty;
            if (labelsRequired && !TryReadLabel(AnswerPatterns.PolygonPhraseLabel(), text, phrase, answer, out label))
            {
                continue;
            }

            string phraseText = text.Substring(phrase.Index, phrase.Length);
            if (phraseText.Contains("<poly>", StringComparison.Ordinal) && phraseText.Contains("</poly>", StringComparison.Ordinal))
            {
                for (var match = AnswerPatterns.PolygonInstance().Match(phraseText); match.Success; match = match.NextMatch())
                {
                    var content = match.Groups[1];
                    var instance = new PolygonInstance(label, content.Value, phrase.Index + content.Index);
                    AddInstance(answer, cleaned, imageSize, instance, tokens, segmentations);
                }
            }
            else
            {
                AddInstance(answer, cleaned, imageSize, new PolygonInstance(label, phraseText, phrase.Index), tokens, segmentations);
            }
        }

        return segmentations.AsReadOnly();
    }

    private static void AddInstance(
        AnswerTokens answer,
        CleanedAnswer cleaned,
        ImageSize imageSize,
        PolygonInstance instance,
        List<LocationToken> tokens,
        List<Segmentation> segmentations)
    {
        var polygons = new List<Polygon>();
        var score = default(LocationScore);
        for (var match = AnswerPatterns.PolygonCoordinates().Match(instance.Text); match.Success; match = match.NextMatch())
        {
            var run = match.Groups[1];
            int runStart = instance.Offset + run.Index;
            int runEnd = runStart + run.Length;

            // A polygon that ends the truncated answer may have been cut short: drop it rather than guess.
            if (answer.IsTruncated && runEnd >= cleaned.ContentEnd)
            {
                continue;
            }

            tokens.Clear();
            LocationToken.ReadRun(cleaned.Text, runStart, runEnd, tokens);

            // An odd coordinate count leaves the last value without a partner; Python drops it too.
            int pointCount = tokens.Count / 2;
            if (pointCount == 0)
            {
                continue;
            }

            var points = new ImagePoint[pointCount];
            for (int point = 0; point < pointCount; point++)
            {
                points[point] = ToPoint(tokens[2 * point], tokens[(2 * point) + 1], imageSize);
                AddToScore(ref score, answer, cleaned, tokens[2 * point]);
                AddToScore(ref score, answer, cleaned, tokens[(2 * point) + 1]);
            }

            polygons.Add(new Polygon(points));
        }

        if (polygons.Count > 0)
        {
            segmentations.Add(new Segmentation(instance.Label, polygons, score.Value));
        }
    }

    // The label regex runs on the phrase alone, as in Python, so its ^ anchors at the phrase start.
    private static bool TryReadLabel(Regex labelPattern, string text, ValueMatch phrase, AnswerTokens answer, out string label)
    {
        label = string.Empty;
        int labelStart = LabelStart(text, phrase);
        if (labelStart < 0)
        {
            return false;
        }

        var match = labelPattern.Match(text.Substring(labelStart, phrase.Index + phrase.Length - labelStart));
        if (match.Success)
        {
            label = FinishLabel(match.Value, answer);
        }

        return match.Success;
    }

    /// <summary>
    /// Where the label of a labeled phrase starts, or −1 when it has none. <c>[^&lt;]+</c> may start right after the
    /// <c>&lt;</c> of an earlier tag (after a leading unlabeled run Python labels the next phrase <c>loc_4&gt;car</c>): a
    /// phrase that starts inside a tag loses the part up to its <c>&gt;</c>, and one that is nothing but that part has no label.
    /// </summary>
    private static int LabelStart(string text, ValueMatch phrase)
    {
        int runStart = RunStart(text, phrase);
        int lastOpen = phrase.Index > 0 ? text.LastIndexOf('<', phrase.Index - 1) : -1;
        bool startsInsideTag = lastOpen >= 0 && text.IndexOf('>', lastOpen, phrase.Index - lastOpen) < 0;
        int close = startsInsideTag ? text.IndexOf('>', phrase.Index, runStart - phrase.Index) : -1;
        if (close < 0)
        {
            // Not inside a tag, or after a stray '<' that no '>' closes: plain text, as in Python.
            return phrase.Index;
        }

        return close + 1 < runStart ? close + 1 : -1;
    }

    private static string FinishLabel(string label, AnswerTokens answer) =>
        (answer.CleanUpTokenizationSpaces ? TokenizationSpacesCleanup.Apply(label) : label).Trim();

    // In a labeled phrase the location run starts at the first '<' (the label pattern excludes '<').
    private static int RunStart(string text, ValueMatch phrase)
    {
        int lessThan = text.IndexOf('<', phrase.Index, phrase.Length);
        return lessThan < 0 ? phrase.Index + phrase.Length : lessThan;
    }

    private static string RemoveLocationTokens(string label)
    {
        // Repeated until none is left: removing one can join the pieces around it into another ("<lo<loc_1>c_5>").
        while (label.Contains("<loc_", StringComparison.Ordinal))
        {
            var builder = new StringBuilder(label.Length);
            int position = 0;
            while (position < label.Length)
            {
                if (label[position] == '<' && LocationToken.TryRead(label, position, out var token))
                {
                    position += token.Length;
                    continue;
                }

                builder.Append(label[position]);
                position++;
            }

            if (builder.Length == label.Length)
            {
                return label;
            }

            label = builder.ToString();
        }

        return label;
    }

    private static int RemovableTagLength(string text, int position, bool removeLocationTokens)
    {
        var rest = text.AsSpan(position);
        foreach (string marker in SequenceMarkers)
        {
            if (rest.StartsWith(marker, StringComparison.Ordinal))
            {
                return marker.Length;
            }
        }

        return removeLocationTokens && LocationToken.TryRead(text, position, out var token) ? token.Length : 0;
    }

    private static BoundingBox ToBox(List<LocationToken> tokens, int first, ImageSize imageSize) => new(
        LocationBins.ToPixel(tokens[first].Bin, imageSize.Width),
        LocationBins.ToPixel(tokens[first + 1].Bin, imageSize.Height),
        LocationBins.ToPixel(tokens[first + 2].Bin, imageSize.Width),
        LocationBins.ToPixel(tokens[first + 3].Bin, imageSize.Height));

    private static ImagePoint ToPoint(LocationToken x, LocationToken y, ImageSize imageSize) =>
        new(LocationBins.ToPixel(x.Bin, imageSize.Width), LocationBins.ToPixel(y.Bin, imageSize.Height));

    private static float Score(AnswerTokens answer, CleanedAnswer cleaned, List<LocationToken> tokens, int first, int count)
    {
        var score = default(LocationScore);
        for (int i = first; i < first + count; i++)
        {
            AddToScore(ref score, answer, cleaned, tokens[i]);
        }

        return score.Value;
    }

    private static void AddToScore(ref LocationScore score, AnswerTokens answer, CleanedAnswer cleaned, LocationToken token) =>
        score.Add(answer, cleaned.SourceStart(token.Index), cleaned.SourceEnd(token.Index, token.Length));

    private static void ValidateImageSize(ImageSize imageSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageSize.Width, nameof(imageSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageSize.Height, nameof(imageSize));
    }
}
