namespace Florence2.Tasks;

/// <summary>
/// Turns a generated answer into a task's typed result, with the minimum-score filter applied. One code path for
/// the single-image task methods and for batches (<see cref="BatchTask{TResult}"/>).
/// </summary>
internal static class TaskResultParsing
{
    /// <summary>Text answers; region answers repeat the region's location tokens after the text, which are dropped.</summary>
    public static TextResult Text(ILocationTokenParser parser, GenerationResult result, AnswerTokens answer) =>
        new(parser.ParseText(answer, removeLocationTokens: true), result.Text, result.ImageSize, result.IsTruncated) { Generation = result };

    public static OcrResult Ocr(ILocationTokenParser parser, GenerationResult result, AnswerTokens answer, TaskOptions? options) =>
        new(Filter(parser.ParseOcr(answer, result.ImageSize), static l => l.Score, options), result.Text, result.ImageSize, result.IsTruncated) { Generation = result };

    public static DetectionResult Boxes(ILocationTokenParser parser, GenerationResult result, AnswerTokens answer, bool labelsRequired, TaskOptions? options) =>
        new(Filter(parser.ParseBoxes(answer, result.ImageSize, labelsRequired), static d => d.Score, options), result.Text, result.ImageSize, result.IsTruncated)
        {
            Generation = result,
        };

    public static SegmentationResult Polygons(ILocationTokenParser parser, GenerationResult result, AnswerTokens answer, TaskOptions? options) =>
        new(Filter(parser.ParsePolygons(answer, result.ImageSize, labelsRequired: false), static s => s.Score, options), result.Text, result.ImageSize, result.IsTruncated)
        {
            Generation = result,
        };

    public static GroundingResult Grounding(ILocationTokenParser parser, GenerationResult result, AnswerTokens answer, TaskOptions? options) =>
        new(FilterBoxes(parser.ParseGroundings(answer, result.ImageSize), options), result.Text, result.ImageSize, result.IsTruncated) { Generation = result };

    public static OpenVocabularyResult OpenVocabulary(ILocationTokenParser parser, GenerationResult result, AnswerTokens answer, TaskOptions? options)
    {
        // The answer is boxes unless it carries polygons (spec 3.9); the unused list stays empty.
        if (LocationTokenParser.HasPolygons(answer))
        {
            var segmentations = Filter(parser.ParsePolygons(answer, result.ImageSize, labelsRequired: true), static s => s.Score, options);
            return new OpenVocabularyResult([], segmentations, result.Text, result.ImageSize, result.IsTruncated) { Generation = result };
        }

        var detections = Filter(parser.ParseBoxes(answer, result.ImageSize, labelsRequired: true), static d => d.Score, options);
        return new OpenVocabularyResult(detections, [], result.Text, result.ImageSize, result.IsTruncated) { Generation = result };
    }

    /// <summary>A free prompt's answer parsed as <paramref name="answerKind"/> says; pure text keeps location tokens.</summary>
    public static TaskResult Custom(ILocationTokenParser parser, GenerationResult result, AnswerTokens answer, AnswerKind answerKind, TaskOptions? options)
    {
        var size = result.ImageSize;
        return answerKind switch
        {
            AnswerKind.PureText => new TextResult(parser.ParseText(answer, removeLocationTokens: false), result.Text, size, result.IsTruncated) { Generation = result },
            AnswerKind.DescriptionWithBoxes or AnswerKind.Boxes => Boxes(parser, result, answer, answerKind == AnswerKind.DescriptionWithBoxes, options),
            AnswerKind.PhraseGrounding => Grounding(parser, result, answer, options),
            AnswerKind.Ocr => Ocr(parser, result, answer, options),
            AnswerKind.Polygons => Polygons(parser, result, answer, options),
            AnswerKind.DescriptionWithBoxesOrPolygons => OpenVocabulary(parser, result, answer, options),
            _ => throw new ArgumentOutOfRangeException(nameof(answerKind), answerKind, "Unknown answer kind."),
        };
    }

    /// <summary>Throws for an answer kind that <see cref="Custom"/> cannot parse, before any work is done.</summary>
    public static void ValidateAnswerKind(AnswerKind answerKind)
    {
        if (!Enum.IsDefined(answerKind))
        {
            throw new ArgumentOutOfRangeException(nameof(answerKind), answerKind, "Unknown answer kind.");
        }
    }

    private static IReadOnlyList<T> Filter<T>(IReadOnlyList<T> items, Func<T, float> score, TaskOptions? options)
    {
        var minimum = options?.MinimumScore ?? 0f;
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

    private static IReadOnlyList<PhraseGrounding> FilterBoxes(IReadOnlyList<PhraseGrounding> groundings, TaskOptions? options)
    {
        var minimum = options?.MinimumScore ?? 0f;
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
