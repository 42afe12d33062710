namespace Florence2.Parsing;

/// <summary>
/// Turns a generated answer into a task's typed result, with the minimum-score filter applied. One code path for
/// every task, single or batched (a <see cref="Florence2Task{TResult}"/> holds which of these it uses).
/// </summary>
internal static class AnswerParsing
{
    /// <summary>Text answers; region answers repeat the region's location tokens after the text, which are dropped.</summary>
    public static TextResult Text(ILocationTokenParser parser, GenerationResult generation, AnswerTokens answer) =>
        new(parser.ParseText(answer, removeLocationTokens: true), generation.Text, generation.ImageSize, generation.IsTruncated) { Generation = generation };

    /// <summary>A free prompt's text answer: location tokens are kept, since the caller's format is unknown.</summary>
    public static TextResult RawText(ILocationTokenParser parser, GenerationResult generation, AnswerTokens answer) =>
        new(parser.ParseText(answer, removeLocationTokens: false), generation.Text, generation.ImageSize, generation.IsTruncated) { Generation = generation };

    public static OcrResult Ocr(ILocationTokenParser parser, GenerationResult generation, AnswerTokens answer, float minimumScore) =>
        new(Filter(parser.ParseOcr(answer, generation.ImageSize), static l => l.Score, minimumScore), generation.Text, generation.ImageSize, generation.IsTruncated)
        {
            Generation = generation,
        };

    public static DetectionResult Boxes(ILocationTokenParser parser, GenerationResult generation, AnswerTokens answer, bool labelsRequired, float minimumScore) =>
        new(Filter(parser.ParseBoxes(answer, generation.ImageSize, labelsRequired), static d => d.Score, minimumScore), generation.Text, generation.ImageSize,
            generation.IsTruncated)
        {
            Generation = generation,
        };

    public static SegmentationResult Polygons(ILocationTokenParser parser, GenerationResult generation, AnswerTokens answer, float minimumScore) =>
        new(Filter(parser.ParsePolygons(answer, generation.ImageSize, labelsRequired: false), static s => s.Score, minimumScore), generation.Text,
            generation.ImageSize, generation.IsTruncated)
        {
            Generation = generation,
        };

    public static GroundingResult Grounding(ILocationTokenParser parser, GenerationResult generation, AnswerTokens answer, float minimumScore) =>
        new(FilterBoxes(parser.ParseGroundings(answer, generation.ImageSize), minimumScore), generation.Text, generation.ImageSize, generation.IsTruncated)
        {
            Generation = generation,
        };

    public static OpenVocabularyResult OpenVocabulary(ILocationTokenParser parser, GenerationResult generation, AnswerTokens answer, float minimumScore)
    {
        // The answer is boxes unless it carries polygons (spec 3.9); the unused list stays empty.
        if (LocationTokenParser.HasPolygons(answer))
        {
            var segmentations = Filter(parser.ParsePolygons(answer, generation.ImageSize, labelsRequired: true), static s => s.Score, minimumScore);
            return new OpenVocabularyResult([], segmentations, generation.Text, generation.ImageSize, generation.IsTruncated) { Generation = generation };
        }

        var detections = Filter(parser.ParseBoxes(answer, generation.ImageSize, labelsRequired: true), static d => d.Score, minimumScore);
        return new OpenVocabularyResult(detections, [], generation.Text, generation.ImageSize, generation.IsTruncated) { Generation = generation };
    }

    /// <summary>An answer parsed as <paramref name="answerKind"/> says; pure text keeps location tokens.</summary>
    public static TaskResult ByKind(ILocationTokenParser parser, GenerationResult generation, AnswerTokens answer, AnswerKind answerKind, float minimumScore) =>
        answerKind switch
        {
            AnswerKind.PureText => RawText(parser, generation, answer),
            AnswerKind.DescriptionWithBoxes or AnswerKind.Boxes =>
                Boxes(parser, generation, answer, labelsRequired: answerKind == AnswerKind.DescriptionWithBoxes, minimumScore),
            AnswerKind.PhraseGrounding => Grounding(parser, generation, answer, minimumScore),
            AnswerKind.Ocr => Ocr(parser, generation, answer, minimumScore),
            AnswerKind.Polygons => Polygons(parser, generation, answer, minimumScore),
            AnswerKind.DescriptionWithBoxesOrPolygons => OpenVocabulary(parser, generation, answer, minimumScore),
            _ => throw new ArgumentOutOfRangeException(nameof(answerKind), answerKind, "Unknown answer kind."),
        };

    private static IReadOnlyList<T> Filter<T>(IReadOnlyList<T> items, Func<T, float> score, float minimum)
    {
        if (minimum <= 0f)
        {
            return items;
        }

        var kept = new List<T>(items.Count);
        foreach (var item in items)
        {
            if (score(item) >= minimum)
            {
                kept.Add(item);
            }
        }

        return kept;
    }

    private static IReadOnlyList<PhraseGrounding> FilterBoxes(IReadOnlyList<PhraseGrounding> groundings, float minimum)
    {
        if (minimum <= 0f)
        {
            return groundings;
        }

        var kept = new List<PhraseGrounding>(groundings.Count);
        foreach (var grounding in groundings)
        {
            var boxes = new List<BoundingBox>();
            var scores = new List<float>();
            for (var i = 0; i < grounding.Boxes.Count; i++)
            {
                if (grounding.Scores[i] >= minimum)
                {
                    boxes.Add(grounding.Boxes[i]);
                    scores.Add(grounding.Scores[i]);
                }
            }

            if (boxes.Count > 0)
            {
                kept.Add(new PhraseGrounding(grounding.Phrase, boxes, scores));
            }
        }

        return kept;
    }
}
