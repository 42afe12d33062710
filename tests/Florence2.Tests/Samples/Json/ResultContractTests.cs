using System.Text.Json;
using Florence2.Samples.Json;

namespace Florence2.Tests.Samples.Json;

/// <summary>The mapping from the library's results to the contract: no derived fields, no non-finite numbers, and a schema that refuses the old shapes.</summary>
public sealed class ResultContractTests
{
    private static readonly ImageSize Size = new(640, 480);

    [Fact]
    public void A_score_that_is_not_a_number_is_written_as_null_and_still_matches_the_schema()
    {
        var result = new DetectionResult(
            [new Detection(new BoundingBox(1, 2, 30, 40), "car", float.NaN), new Detection(new BoundingBox(5, 6, 7, 8), "bus", 0.25f)], "raw", Size, isTruncated: false);

        var json = ResultContract.Serialize(ResultContract.From(result, TaskTokens.ObjectDetection));

        ResultSchema.AssertValid(json, "NaN score");
        using var document = JsonDocument.Parse(json);
        var boxes = document.RootElement.GetProperty("result").GetProperty("boxes");
        Assert.Equal(JsonValueKind.Null, boxes[0].GetProperty("score").ValueKind);
        Assert.Equal(0.25, boxes[1].GetProperty("score").GetDouble());
        Assert.Equal([1.0, 2, 30, 40], boxes[0].GetProperty("box").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void A_sequence_score_of_minus_infinity_is_null_and_timings_are_milliseconds()
    {
        var timings = new StageTimings(TimeSpan.FromMilliseconds(1.5), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(40),
            TimeSpan.FromMilliseconds(64.5), DecoderSteps: 5);
        var generation = new GenerationResult(TaskTokens.Caption, "What does the image describe?", [0, 1, 2], [2, 3, 4, 5, 2], "a car", double.NegativeInfinity, Size, timings);
        var result = new TextResult("a car", "a car", Size, isTruncated: true) { Generation = generation };

        var json = ResultContract.Serialize(ResultContract.From(result, TaskTokens.Caption, image: "a.png", generationDetails: true));

        ResultSchema.AssertValid(json, "-Infinity score");
        Assert.DoesNotContain("Infinity", json, StringComparison.Ordinal);
        Assert.Contains("\"task\":\"<CAPTION>\"", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(64.5, root.GetProperty("elapsedMs").GetDouble());
        Assert.Equal(5, root.GetProperty("generatedTokens").GetInt32());
        Assert.True(root.GetProperty("truncated").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("generation").GetProperty("score").ValueKind);
        Assert.Equal(20.0, root.GetProperty("generation").GetProperty("timingsMs").GetProperty("visionEncoder").GetDouble());
    }

    [Fact]
    public void Boxes_carry_no_derived_fields()
    {
        var result = new DetectionResult([new Detection(new BoundingBox(1, 2, 30, 40), "car", 1f)], "raw", Size, isTruncated: false);

        var json = ResultContract.Serialize(ResultContract.From(result, TaskTokens.ObjectDetection));

        foreach (var derived in new[] { "width\"", "height\"", "area", "center" })
        {
            Assert.DoesNotContain($"\"{derived}", json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Grounded_phrases_become_one_labelled_box_per_box_in_order()
    {
        var result = new GroundingResult(
            [new PhraseGrounding("a car", [new BoundingBox(1, 2, 3, 4), new BoundingBox(5, 6, 7, 8)], [0.5f, 0.75f]), new PhraseGrounding("a tree", [new BoundingBox(9, 10, 11, 12)], [1f])],
            "raw", Size, isTruncated: false);

        using var document = JsonDocument.Parse(ResultContract.Serialize(ResultContract.From(result, TaskTokens.CaptionToPhraseGrounding)));

        var boxes = document.RootElement.GetProperty("result").GetProperty("boxes").EnumerateArray().ToList();
        Assert.Equal(["a car", "a car", "a tree"], boxes.Select(b => b.GetProperty("label").GetString()));
        Assert.Equal([0.5, 0.75, 1.0], boxes.Select(b => b.GetProperty("score").GetDouble()));
    }

    [Theory]
    [InlineData("""{"image":"a.png","task":"<OD>","imageSize":{"width":640,"height":480},"isTruncated":false,"result":{"type":"detections","detections":[{"label":"car","box":{"xyxy":[1,2,3,4],"score":1}}]}}""")]
    [InlineData("""{"task":"<OD>","imageWidth":640,"imageHeight":480,"elapsedMs":1,"generatedTokens":3,"truncated":false,"rawText":"","result":{"kind":"boxes","boxes":[{"label":"car","box":[1,2,3,4],"score":"-Infinity"}]}}""")]
    [InlineData("""{"task":"<OD>","imageWidth":640,"imageHeight":480,"elapsedMs":"00:00:01","generatedTokens":3,"truncated":false,"rawText":"","result":{"kind":"text","text":"a"}}""")]
    [InlineData("""{"task":"<OD>","imageWidth":640,"imageHeight":480,"elapsedMs":1,"generatedTokens":3,"truncated":false,"rawText":"","result":{"kind":"boxes","boxes":[{"label":"car","box":[1,2,3,4],"score":1,"width":2}]}}""")]
    public void The_schema_refuses_the_old_shapes_named_floats_and_derived_fields(string json)
    {
        Assert.False(ResultSchema.Evaluate(json).IsValid);
    }
}
