namespace Florence2.Tests.Support;

/// <summary>
/// Compares two typed results field by field: answer text, tokens, image size and truncation exactly; scores and
/// log-probabilities within <c>tolerance</c> (0 demands bit-equal values).
/// </summary>
internal static class ResultAssert
{
    public static void Same(TaskResult expected, TaskResult actual, float tolerance = 0f)
    {
        Assert.IsType(expected.GetType(), actual);
        Assert.Equal(expected.RawText, actual.RawText);
        Assert.Equal(expected.ImageSize, actual.ImageSize);
        Assert.Equal(expected.IsTruncated, actual.IsTruncated);
        Assert.NotNull(expected.Generation);
        Assert.NotNull(actual.Generation);
        Assert.Equal(expected.Generation.Prompt, actual.Generation.Prompt);
        Assert.Equal(expected.Generation.GeneratedTokenIds, actual.Generation.GeneratedTokenIds);
        Assert.Equal(expected.Generation.Timings.DecoderSteps, actual.Generation.Timings.DecoderSteps);
        Close(expected.Generation.TokenLogProbs, actual.Generation.TokenLogProbs, tolerance);
        Assert.Equal(expected.Generation.Score, actual.Generation.Score, tolerance * Math.Max(1, expected.Generation.GeneratedTokenIds.Count));

        switch (expected)
        {
            case TextResult e:
                Assert.Equal(e.Text, ((TextResult)actual).Text);
                break;
            case DetectionResult e:
                var a = ((DetectionResult)actual).Detections;
                Assert.Equal(e.Detections.Count, a.Count);
                for (var i = 0; i < a.Count; i++)
                {
                    Assert.Equal(e.Detections[i].Label, a[i].Label);
                    Assert.Equal(e.Detections[i].Box, a[i].Box);
                    Assert.Equal(e.Detections[i].Score, a[i].Score, tolerance);
                }

                break;
            case OcrResult e:
                var lines = ((OcrResult)actual).Lines;
                Assert.Equal(e.Lines.Count, lines.Count);
                for (var i = 0; i < lines.Count; i++)
                {
                    Assert.Equal(e.Lines[i].Text, lines[i].Text);
                    Assert.Equal(e.Lines[i].Quad, lines[i].Quad);
                    Assert.Equal(e.Lines[i].Score, lines[i].Score, tolerance);
                }

                break;
            case SegmentationResult e:
                var segments = ((SegmentationResult)actual).Segmentations;
                Assert.Equal(e.Segmentations.Count, segments.Count);
                for (var i = 0; i < segments.Count; i++)
                {
                    Assert.Equal(e.Segmentations[i].Label, segments[i].Label);
                    Assert.Equal(e.Segmentations[i].Polygons, segments[i].Polygons);
                    Assert.Equal(e.Segmentations[i].Score, segments[i].Score, tolerance);
                }

                break;
            default:
                throw new InvalidOperationException($"No comparison for {expected.GetType().Name}.");
        }
    }

    private static void Close(IReadOnlyList<float> expected, IReadOnlyList<float> actual, float tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"Log-probability {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance}).");
        }
    }
}
