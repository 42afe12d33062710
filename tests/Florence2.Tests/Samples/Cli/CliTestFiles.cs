using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Samples.Cli;

/// <summary>A scripted model that answers with one box or one polygon, and a temp folder with test images, shared by the CLI tests.</summary>
public sealed class CliTestFiles : IDisposable
{
    public const int Width = 640;
    public const int Height = 480;

    /// <summary>The box the detection model answers, in location bins (0 to 999).</summary>
    public static readonly int[] BoxBins = [100, 200, 500, 600];

    /// <summary>The polygon the segmentation model answers: a diamond, in location bins.</summary>
    public static readonly int[] PolygonBins = [300, 200, 500, 400, 300, 600, 100, 400];

    public CliTestFiles()
    {
        Detector = new TempModelFolder(new TinyModelOptions { Script = TestModelFolder.ScriptFor("car" + Locs(BoxBins)) });
        Segmenter = new TempModelFolder(new TinyModelOptions { Script = TestModelFolder.ScriptFor(Locs(PolygonBins)) });
        Folder = Path.Combine(Path.GetTempPath(), "florence2-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Folder, "images"));
        File.WriteAllBytes(Image, TestImages.Png(Width, Height));
        File.WriteAllBytes(Path.Combine(Folder, "images", "b.png"), TestImages.Png(Width, Height, seed: 2));
    }

    public TempModelFolder Detector { get; }

    public TempModelFolder Segmenter { get; }

    public string Folder { get; }

    public string Image => Path.Combine(Folder, "images", "a.png");

    public string Images => Path.Combine(Folder, "images");

    public string NewPath(string name) => Path.Combine(Folder, Guid.NewGuid().ToString("N"), name);

    /// <summary>Pixels of bin <paramref name="bin"/> of a side <paramref name="size"/> pixels long: its centre, (bin + 0.5) / 1000 × size.</summary>
    public static float Px(int bin, int size) => (bin + 0.5f) / 1000f * size;

    public void Dispose()
    {
        Detector.Dispose();
        Segmenter.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static string Locs(int[] bins) => string.Concat(bins.Select(b => $"<loc_{b}>"));
}
