using Florence2.TestModels;

namespace Florence2.Tests.Support;

/// <summary>
/// The code of docs/batching.md, kept here so that it compiles and runs against a tiny model. Edit both together.
/// </summary>
public sealed class BatchingDocExamples
{
    // docs/batching.md: "Several tasks on one image"
    public static (string Caption, int Objects, string Region) SeveralTasks(IFlorence2Model model, string path)
    {
        EncodedImage photo = model.EncodeImage(ImageInput.FromFile(path)); // the vision encoder runs here, once
        TextResult caption = model.Caption(photo, CaptionDetail.Detailed); // an EncodedImage converts to ImageInput
        DetectionResult objects = model.DetectObjects(photo);
        TextResult region = model.DescribeRegion(photo, new BoundingBox(10, 10, 200, 150)); // pixels of the original image
        return (caption.Text, objects.Detections.Count, region.Text);
    }

    // docs/batching.md: "Many images, one task"
    public static async Task<Dictionary<string, string>> CaptionFolder(IFlorence2Model model, string folder, CancellationToken cancellationToken)
    {
        var paths = Directory.GetFiles(folder, "*.png");
        var options = new BatchOptions
        {
            BatchSize = 8,
            MaxDegreeOfParallelism = 2,
            TaskOptions = new TaskOptions { Generation = new GenerationOptions { NumBeams = 1 } }, // greedy: decoded as one batch
        };

        var captions = new Dictionary<string, string>();
        await foreach (var item in model.RunBatchAsync(paths.Select(ImageInput.FromFile), Florence2Task.Caption(), options, cancellationToken))
        {
            // Items arrive as their batch finishes; Index is the position in the input.
            captions[paths[item.Index]] = item.Succeeded ? item.Result!.Text : $"failed: {item.Error!.Message}";
        }

        return captions;
    }

    [Fact]
    public async Task The_documented_code_runs()
    {
        var answer = "a car<loc_10><loc_10><loc_200><loc_150>";
        using var folder = new TempModelFolder(new TinyModelOptions { Script = TestModelFolder.ScriptFor(answer) });
        using var model = Florence2Model.Load(folder.Path, TestDecoders.Options());
        var images = Path.Combine(folder.Path, "images");
        Directory.CreateDirectory(images);
        File.WriteAllBytes(Path.Combine(images, "one.png"), TestImages.Png(320, 240, 1));
        File.WriteAllBytes(Path.Combine(images, "two.png"), TestImages.Png(80, 40, 2));
        File.WriteAllBytes(Path.Combine(images, "broken.png"), [1, 2, 3]);

        var (caption, objects, _) = SeveralTasks(model, Path.Combine(images, "one.png"));
        var captions = await CaptionFolder(model, images, CancellationToken.None);

        Assert.Equal("a car", caption);
        Assert.Equal(1, objects);
        Assert.Equal("a car", captions[Path.Combine(images, "two.png")]);
        Assert.StartsWith("failed:", captions[Path.Combine(images, "broken.png")], StringComparison.Ordinal);
    }
}
