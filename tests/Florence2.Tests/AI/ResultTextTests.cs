using Florence2.AI;

namespace Florence2.Tests.AI;

/// <summary>The readable text of each result type: one line per item, whole pixels, "Nothing found." for none.</summary>
public sealed class ResultTextTests
{
    private static readonly ImageSize Size = new(100, 100);

    [Fact]
    public void A_text_result_is_its_text()
    {
        Assert.Equal("A car.", ResultText.Of(new TextResult("A car.", "<s>A car.</s>", Size, false)));
        Assert.Equal(string.Empty, ResultText.Of(new TextResult(string.Empty, string.Empty, Size, false)));
    }

    [Fact]
    public void Detections_are_lines_of_label_and_box_and_unlabelled_proposals_only_the_box()
    {
        var result = new DetectionResult([new Detection(new BoundingBox(0.5f, 1.49f, 2.5f, 99.5f), "car", 1f), new Detection(new BoundingBox(1, 2, 3, 4), "", 1f)], "", Size, false);

        Assert.Equal("car: [1, 1, 3, 100]\n[1, 2, 3, 4]", ResultText.Of(result));
    }

    [Fact]
    public void Ocr_lines_carry_their_four_corners()
    {
        var quad = new QuadBox(new ImagePoint(10, 20), new ImagePoint(90, 20), new ImagePoint(90, 40), new ImagePoint(10, 40));

        Assert.Equal("EXIT: [(10, 20), (90, 20), (90, 40), (10, 40)]", ResultText.Of(new OcrResult([new OcrLine(quad, "EXIT", 1f)], "", Size, false)));
    }

    [Fact]
    public void Groundings_list_every_box_of_a_phrase()
    {
        var result = new GroundingResult([new PhraseGrounding("a dog", [new BoundingBox(1, 2, 3, 4), new BoundingBox(5, 6, 7, 8)], [1f, 1f])], "", Size, false);

        Assert.Equal("a dog: [1, 2, 3, 4], [5, 6, 7, 8]", ResultText.Of(result));
    }

    [Fact]
    public void Polygons_are_summarised_by_point_count_and_bounds()
    {
        var triangle = new Polygon([new ImagePoint(10, 10), new ImagePoint(50, 12), new ImagePoint(30, 60)]);
        var segmentation = new Segmentation("the dog", [triangle], 1f);

        Assert.Equal("the dog: polygon of 3 points within [10, 10, 50, 60]", ResultText.Of(new SegmentationResult([segmentation], "", Size, false)));
        Assert.Equal(
            "wheel: [1, 2, 3, 4]\nthe dog: polygon of 3 points within [10, 10, 50, 60]",
            ResultText.Of(new OpenVocabularyResult([new Detection(new BoundingBox(1, 2, 3, 4), "wheel", 1f)], [segmentation], "", Size, false)));
    }

    [Fact]
    public void An_answer_without_items_reads_nothing_found()
    {
        Assert.Equal("Nothing found.", ResultText.Of(new DetectionResult([], "", Size, false)));
        Assert.Equal("Nothing found.", ResultText.Of(new SegmentationResult([], "", Size, false)));
    }
}
