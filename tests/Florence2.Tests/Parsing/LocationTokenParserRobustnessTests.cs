using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Florence2.Tests.Parsing;

/// <summary>Random answers built from the pieces the model emits and the malformed pieces it should not.</summary>
public sealed partial class LocationTokenParserRobustnessTests
{
    private static readonly string[] Pieces =
    [
        "car", "a green car", " ", "  ", "the image", "it", "Café", "東京", "\n", "CUDA", ",", " .", " 's",
        "<poly>", "</poly>", "<sep>", "<s>", "</s>", "<pad>", "<obj>", "<ground>", "<od>", "</od>", "<box>",
        "<", ">", "<loc_>", "<loc_abc>", "<loc_12", "loc_5>", "<loc_-3>", "<loc_99999999999999999999>", "<lo", "c_7>",
        "<loc_1 >", "<<s>s>", "<sep", "poly>",
    ];

    private static readonly LocationTokenParser Parser = LocationTokenParser.Instance;

    [GeneratedRegex("<loc_[0-9]+>")]
    private static partial Regex LocationToken();

    [Fact]
    public void Random_answers_never_throw_and_stay_inside_the_image()
    {
        var random = new Random(20240917);
        for (int i = 0; i < 3000; i++)
        {
            var size = RandomSize(random);
            var answer = RandomAnswer(random, RandomText(random));
            try
            {
                CheckAll(answer, size);
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"Case {i} ({size.Width}x{size.Height}) threw {exception.GetType().Name} for text: {answer.Text}\n{exception}");
            }
        }
    }

    [Fact]
    public void Long_garbage_is_parsed_quickly()
    {
        // Far longer than a 1024-token answer: the patterns must not backtrack catastrophically.
        var random = new Random(7);
        var text = new StringBuilder();
        while (text.Length < 20_000)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]).Append(random.Next(3) == 0 ? "<loc_5>" : "x");
        }

        var stopwatch = Stopwatch.StartNew();
        CheckAll(AnswerTokens.FromText(text.ToString(), isTruncated: true), new ImageSize(640, 480));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"A 20k-character answer took {stopwatch.Elapsed}.");
    }

    private static void CheckAll(AnswerTokens answer, ImageSize size)
    {
        Assert.NotNull(Parser.ParseText(answer, removeLocationTokens: true));
        Assert.NotNull(Parser.ParseText(answer, removeLocationTokens: false));
        _ = LocationTokenParser.HasPolygons(answer);
        foreach (bool labelsRequired in new[] { true, false })
        {
            foreach (var detection in Parser.ParseBoxes(answer, size, labelsRequired))
            {
                CheckBox(detection.Box, size);
                CheckScoreAndLabel(detection.Score, detection.Label);
            }

            foreach (var segmentation in Parser.ParsePolygons(answer, size, labelsRequired))
            {
                CheckScoreAndLabel(segmentation.Score, segmentation.Label);
                Assert.NotEmpty(segmentation.Polygons);
                foreach (var polygon in segmentation.Polygons)
                {
                    Assert.All(polygon.Points, p => CheckPoint(p, size));
                }
            }
        }

        foreach (var grounding in Parser.ParseGroundings(answer, size))
        {
            Assert.Equal(grounding.Boxes.Count, grounding.Scores.Count);
            Assert.NotEmpty(grounding.Boxes);
            Assert.All(grounding.Boxes, b => CheckBox(b, size));
            Assert.All(grounding.Scores, s => CheckScoreAndLabel(s, grounding.Phrase));
        }

        foreach (var line in Parser.ParseOcr(answer, size))
        {
            CheckScoreAndLabel(line.Score, line.Text);
            Assert.All(line.Quad.Points, p => CheckPoint(p, size));
        }
    }

    private static void CheckBox(BoundingBox box, ImageSize size)
    {
        CheckPoint(new ImagePoint(box.X1, box.Y1), size);
        CheckPoint(new ImagePoint(box.X2, box.Y2), size);
    }

    private static void CheckPoint(ImagePoint point, ImageSize size)
    {
        Assert.True(float.IsFinite(point.X) && point.X >= 0 && point.X <= size.Width, $"x {point.X} outside 0..{size.Width}");
        Assert.True(float.IsFinite(point.Y) && point.Y >= 0 && point.Y <= size.Height, $"y {point.Y} outside 0..{size.Height}");
    }

    private static void CheckScoreAndLabel(float score, string label)
    {
        Assert.InRange(score, 0f, 1f);
        Assert.DoesNotMatch(LocationToken(), label);
        Assert.Equal(label.Trim(), label);
    }

    private static ImageSize RandomSize(Random random) => random.Next(4) switch
    {
        0 => new ImageSize(1, 1),
        1 => new ImageSize(random.Next(1, 4), random.Next(1, 4)),
        _ => new ImageSize(random.Next(1, 5000), random.Next(1, 5000)),
    };

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        int count = random.Next(0, 60);
        for (int i = 0; i < count; i++)
        {
            if (random.Next(3) == 0)
            {
                text.Append("<loc_").Append(random.Next(-5, 2001)).Append('>');
            }
            else
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
            }
        }

        return text.ToString();
    }

    // Cuts the text at random points into tokens with random log-probabilities, to exercise the score mapping too.
    private static AnswerTokens RandomAnswer(Random random, string text)
    {
        if (random.Next(2) == 0)
        {
            return AnswerTokens.FromText(text, isTruncated: random.Next(2) == 0, cleanUpTokenizationSpaces: random.Next(2) == 0);
        }

        var ends = new List<int>();
        var logProbs = new List<float>();
        int position = 0;
        while (position < text.Length)
        {
            position = Math.Min(text.Length, position + random.Next(0, 8));
            ends.Add(position);
            logProbs.Add(-5f * random.NextSingle());
        }

        return new AnswerTokens(text, ends, logProbs, isTruncated: random.Next(2) == 0, cleanUpTokenizationSpaces: random.Next(2) == 0);
    }
}
