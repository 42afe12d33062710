using System.Text.RegularExpressions;
using Florence2.Tests.Support;
using Florence2.TestModels;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Tests.Samples;

/// <summary>
/// The README's offline demo scripts the tiny model's answer for <c>samples/images/car.jpg</c>; that answer must be
/// true for the picture. The car's extent is measured here from the pixels (red body, near-black tyres), independently
/// of the script, and the scripted boxes must enclose it with little slack.
/// </summary>
public sealed partial class SampleImageDemoTests
{
    private const string SampleImage = "samples/images/car.jpg";

    /// <summary>How far a scripted box may reach past the measured part: one location bin is 0.64 × 0.48 px here, plus the JPEG's soft edges.</summary>
    private const float Slack = 3f;

    [Fact]
    public void The_readme_and_cli_doc_script_the_same_demo_answer()
    {
        var readme = DemoScript("README.md");
        var cli = DemoScript("docs/cli.md");

        Assert.Equal(readme, cli);
    }

    [Fact]
    public void The_demo_boxes_enclose_the_car_and_each_wheel_of_the_sample_image()
    {
        var (car, leftTyre, rightTyre) = MeasureCar();
        using var folder = new TempModelFolder(new TinyModelOptions { Script = TestModelFolder.ScriptFor(DemoScript("README.md")) });
        using var model = Florence2Model.Load(folder.Path, TestDecoders.Options());

        var detections = model.DetectObjects(ImageInput.FromFile(RepositoryFiles.Path(SampleImage))).Detections;

        Assert.Equal(["car", "wheel", "wheel"], detections.Select(d => d.Label));
        AssertEncloses(car, detections[0].Box, "car");
        AssertEncloses(leftTyre, detections[1].Box, "left wheel");
        AssertEncloses(rightTyre, detections[2].Box, "right wheel");
    }

    private static void AssertEncloses(BoundingBox measured, BoundingBox box, string what)
    {
        Assert.True(box.X1 <= measured.X1 && box.Y1 <= measured.Y1 && box.X2 >= measured.X2 && box.Y2 >= measured.Y2,
            $"The {what} box {box} cuts the {what} measured at {measured}.");
        Assert.True(measured.X1 - box.X1 <= Slack && measured.Y1 - box.Y1 <= Slack && box.X2 - measured.X2 <= Slack && box.Y2 - measured.Y2 <= Slack,
            $"The {what} box {box} is loose around the {what} measured at {measured}.");
    }

    /// <summary>Pixel extents (right and bottom edges exclusive) of the car (red body and tyres) and of each tyre.</summary>
    private static (BoundingBox Car, BoundingBox LeftTyre, BoundingBox RightTyre) MeasureCar()
    {
        using var image = Image.Load<Rgb24>(RepositoryFiles.Path(SampleImage));
        var body = new Extent();
        var left = new Extent();
        var right = new Extent();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var p = image[x, y];
                var red = p.R > 150 && p.G < 70 && p.B < 70;
                var tyre = p.R < 45 && p.G < 45 && p.B < 45;   // the asphalt is about (69, 70, 75)
                if (red || tyre)
                {
                    body.Add(x, y);
                }

                if (tyre)
                {
                    (x < image.Width / 2 ? left : right).Add(x, y);
                }
            }
        }

        return (body.Box, left.Box, right.Box);
    }

    private static string DemoScript(string doc)
    {
        var match = TinyOdScript().Match(File.ReadAllText(RepositoryFiles.Path(doc)));
        Assert.True(match.Success, $"{doc} has no '--out .models/tiny-od --script \"…\"' command.");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("--out \\.models/tiny-od --script \"([^\"]+)\"")]
    private static partial Regex TinyOdScript();

    private sealed class Extent
    {
        private int _minX = int.MaxValue, _minY = int.MaxValue, _maxX = -1, _maxY = -1;

        public BoundingBox Box => _maxX < 0
            ? throw new InvalidOperationException("No pixel of this part was found in the sample image.")
            : new BoundingBox(_minX, _minY, _maxX + 1, _maxY + 1);

        public void Add(int x, int y)
        {
            _minX = Math.Min(_minX, x);
            _minY = Math.Min(_minY, y);
            _maxX = Math.Max(_maxX, x);
            _maxY = Math.Max(_maxY, y);
        }
    }
}
