using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Florence2.Reliability.Fuzzing;

/// <summary>
/// Fuzzes <see cref="LocationTokenParser"/> through every parse method (and so every <see cref="AnswerKind"/>) with
/// answers built from location tokens (valid, out of range, malformed), labels, <c>&lt;poly&gt;</c>/<c>&lt;sep&gt;</c>
/// and the other markers, in task-shaped and random order, then truncated or cut, with random token boundaries and
/// log-probabilities. Checked: no exception except the documented one for a non-positive image size; every
/// coordinate finite and inside the image; every score finite in [0, 1]; no location token in a label; no empty
/// polygon or segmentation; masks rasterize.
/// </summary>
internal sealed partial class ParserFuzzTarget : FuzzTarget<ParserInput>
{
    private static readonly string[] Markers =
        ["<poly>", "</poly>", "<sep>", "<s>", "</s>", "<pad>", "<obj>", "<ground>", "<unk>", "<OD>", "<ocr>", "</", "<", ">", "loc_", "<loc", "_", "><"];

    private static readonly string[] Words =
    [
        "car", "a red car", "the image", "it", "person", " wheel", "CUDA", "10.5%", "  ", " ", "\n", "\t", "é", "日本語", "🙂", "\u0000",
        "\u200b", "\ud800", "\udc00", "Ġ", "n't", " .", " 's", " ,", "ab<", "x>y", "<<", ">>", "\u0301", "\ufffd", "\u202e", "A",
    ];

    private static readonly float[] LogProbChoices =
        [0f, -0f, -1e-8f, -0.01f, -0.7f, -5f, -80f, -1e30f, -float.MaxValue, float.NegativeInfinity, -float.Epsilon];

    private static readonly ImageSize[] Sizes =
    [
        new(1, 1), new(768, 768), new(640, 480), new(1, 5000), new(int.MaxValue, 1), new(1, int.MaxValue),
        new(int.MaxValue, int.MaxValue), new(3, 2),
    ];

    public override string Name => "parser";

    protected override ParserInput Generate(Random random)
    {
        var text = new StringBuilder();
        int items = random.Next(100) switch
        {
            < 1 => random.Next(500, 5000), // huge counts, beyond what 1,024 generated tokens can hold
            < 10 => random.Next(30, 300),
            _ => random.Next(0, 30),
        };
        int shape = random.Next(6);
        for (int i = 0; i < items; i++)
        {
            AppendItem(random, shape, text);
        }

        string answer = Mutate(random, text.ToString());
        var (ends, logProbs) = Segment(random, answer);
        var size = random.Next(100) switch
        {
            < 2 => new ImageSize(random.Next(-3, 1), random.Next(-3, 2)),
            < 30 => Sizes[random.Next(Sizes.Length)],
            _ => new ImageSize(random.Next(1, 5000), random.Next(1, 5000)),
        };
        return new ParserInput(answer, ends, logProbs, random.Next(3) == 0, random.Next(2) == 0, size);
    }

    protected override void Execute(ParserInput input)
    {
        var answer = input.ToAnswer();
        var parser = LocationTokenParser.Instance;
        var size = input.ImageSize;
        _ = parser.ParseText(answer, removeLocationTokens: false);
        _ = parser.ParseText(answer, removeLocationTokens: true);
        _ = LocationTokenParser.HasPolygons(answer);
        foreach (bool labels in (ReadOnlySpan<bool>)[true, false])
        {
            foreach (var detection in parser.ParseBoxes(answer, size, labels))
            {
                CheckLabel(detection.Label, "box label");
                CheckScore(detection.Score);
                CheckBox(detection.Box, size);
                InvariantViolationException.Check(labels || detection.Label.Length == 0, "unlabeled-box-has-label", () => detection.Label);
            }

            foreach (var segmentation in parser.ParsePolygons(answer, size, labels))
            {
                CheckLabel(segmentation.Label, "polygon label");
                CheckScore(segmentation.Score);
                InvariantViolationException.Check(segmentation.Polygons.Count > 0, "empty-segmentation", () => "a segmentation has no polygon");
                foreach (var polygon in segmentation.Polygons)
                {
                    InvariantViolationException.Check(polygon.Points.Count > 0, "empty-polygon", () => "a polygon has no point");
                    foreach (var point in polygon.Points)
                    {
                        CheckPoint(point, size);
                    }
                }

                if ((long)size.Width * size.Height <= 1 << 20)
                {
                    var mask = segmentation.ToMask(size);
                    InvariantViolationException.Check(mask.Width == size.Width && mask.Height == size.Height, "mask-size", () => $"{mask.Width}x{mask.Height}");
                }
            }
        }

        foreach (var grounding in parser.ParseGroundings(answer, size))
        {
            CheckLabel(grounding.Phrase, "phrase");
            foreach (var box in grounding.Boxes)
            {
                CheckBox(box, size);
            }

            foreach (var score in grounding.Scores)
            {
                CheckScore(score);
            }
        }

        foreach (var line in parser.ParseOcr(answer, size))
        {
            CheckLabel(line.Text, "OCR text");
            CheckScore(line.Score);
            foreach (var point in line.Quad.Points)
            {
                CheckPoint(point, size);
            }
        }
    }

    protected override bool IsExpected(ParserInput input, Exception exception) =>
        exception is ArgumentOutOfRangeException && (input.ImageSize.Width <= 0 || input.ImageSize.Height <= 0);

    protected override void Save(ParserInput input, string pathWithoutExtension) =>
        File.WriteAllText(pathWithoutExtension + ".txt", input.Describe());

    private static void AppendItem(Random random, int shape, StringBuilder text)
    {
        switch (shape)
        {
            case 0: // object detection: label, then 4 locations
                text.Append(Words[random.Next(Words.Length)]);
                AppendLocations(random, random.Next(10) == 0 ? random.Next(0, 9) : 4, text);
                break;
            case 1: // OCR with regions: text, then 8 locations
                text.Append(Words[random.Next(Words.Length)]);
                AppendLocations(random, random.Next(10) == 0 ? random.Next(0, 17) : 8, text);
                break;
            case 2: // polygons: label, <poly>, pairs, <sep>, …, </poly>
                text.Append(Words[random.Next(Words.Length)]).Append("<poly>");
                int parts = random.Next(1, 4);
                for (int p = 0; p < parts; p++)
                {
                    AppendLocations(random, random.Next(0, 12), text);
                    text.Append(p + 1 < parts ? "<sep>" : "</poly>");
                }

                break;
            case 3: // location runs only
                AppendLocations(random, random.Next(1, 9), text);
                break;
            default: // anything, in any order
                int pick = random.Next(3);
                if (pick == 0)
                {
                    text.Append(Markers[random.Next(Markers.Length)]);
                }
                else if (pick == 1)
                {
                    text.Append(Words[random.Next(Words.Length)]);
                }
                else
                {
                    AppendLocations(random, 1, text);
                }

                break;
        }

        if (random.Next(8) == 0)
        {
            text.Append(Markers[random.Next(Markers.Length)]);
        }
    }

    private static void AppendLocations(Random random, int count, StringBuilder text)
    {
        for (int i = 0; i < count; i++)
        {
            text.Append(random.Next(100) switch
            {
                < 85 => string.Create(CultureInfo.InvariantCulture, $"<loc_{random.Next(1000)}>"),
                < 88 => string.Create(CultureInfo.InvariantCulture, $"<loc_{random.Next(1000, 100000)}>"),
                < 90 => "<loc_-5>",
                < 92 => "<loc_>",
                < 93 => "<loc_007>",
                < 95 => "<loc_" + new string('9', random.Next(10, 40)) + ">",
                < 96 => "<loc_١٢٣>",
                < 97 => "<loc_ 5>",
                < 98 => "<loc_5",
                < 99 => "<LOC_5>",
                _ => "<loc_<loc_5>5>",
            });
        }
    }

    private static string Mutate(Random random, string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        return random.Next(10) switch
        {
            < 3 => text[..random.Next(text.Length + 1)], // truncated answer, possibly inside a tag or surrogate pair
            3 => text.Remove(random.Next(text.Length), 1),
            4 => text.Insert(random.Next(text.Length + 1), ((char)random.Next(0x10000)).ToString()),
            _ => text,
        };
    }

    private static (int[] Ends, float[] LogProbs) Segment(Random random, string text)
    {
        if (random.Next(3) == 0)
        {
            var fromText = AnswerTokens.FromText(text);
            var probs = new float[fromText.TokenEnds.Count];
            for (int i = 0; i < probs.Length; i++)
            {
                probs[i] = LogProbChoices[random.Next(LogProbChoices.Length)];
            }

            return (fromText.TokenEnds.ToArray(), probs);
        }

        if (text.Length == 0)
        {
            return ([], []);
        }

        int count = random.Next(1, Math.Min(text.Length, 200) + 1);
        var ends = new int[count];
        for (int i = 0; i < count - 1; i++)
        {
            ends[i] = random.Next(text.Length + 1);
        }

        ends[^1] = text.Length;
        Array.Sort(ends);
        var logProbs = new float[count];
        for (int i = 0; i < count; i++)
        {
            logProbs[i] = random.Next(2) == 0 ? -(float)random.NextDouble() * 3 : LogProbChoices[random.Next(LogProbChoices.Length)];
        }

        return (ends, logProbs);
    }

    private static void CheckLabel(string label, string what)
    {
        InvariantViolationException.Check(label is not null, "null-label", () => what + " is null");
        InvariantViolationException.Check(!LocationTokenPattern().IsMatch(label!), "location-token-in-label", () => $"{what} '{label}'");
    }

    private static void CheckScore(float score) =>
        InvariantViolationException.Check(float.IsFinite(score) && score is >= 0f and <= 1f, "score-outside-0-1",
            () => score.ToString("R", CultureInfo.InvariantCulture));

    private static void CheckBox(BoundingBox box, ImageSize size)
    {
        CheckPoint(new ImagePoint(box.X1, box.Y1), size);
        CheckPoint(new ImagePoint(box.X2, box.Y2), size);
    }

    private static void CheckPoint(ImagePoint point, ImageSize size) =>
        InvariantViolationException.Check(
            float.IsFinite(point.X) && float.IsFinite(point.Y) && point.X >= 0f && point.Y >= 0f && point.X <= (float)size.Width && point.Y <= (float)size.Height,
            "coordinate-outside-image", () => $"{point} in {size.Width}x{size.Height}");

    [GeneratedRegex("<loc_[0-9]+>", RegexOptions.CultureInvariant)]
    private static partial Regex LocationTokenPattern();
}
