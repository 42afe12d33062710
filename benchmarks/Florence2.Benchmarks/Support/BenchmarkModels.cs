using Florence2.TestModels;

namespace Florence2.Benchmarks;

/// <summary>
/// The model folders the benchmarks run on, written on first use into a cache folder (default:
/// <c>artifacts/benchmark-models</c> under the repository root, git-ignored; override with
/// <c>FLORENCE2_BENCHMARK_MODELS</c>). The base-sized folders use <see cref="TinyModelOptions.BaseWithDaViT"/>: the text
/// model at Florence-2-base's sizes and a vision stand-in that costs what DaViT-base costs (about 380 GFLOPs per
/// image); each takes about half a minute and 1.1 GB to write once (the variants folder about 2.5 GB).
/// </summary>
internal static class BenchmarkModels
{
    /// <summary>The scripted caption of the caption models.</summary>
    public const string CaptionAnswer = "a red car parked on a street next to a building";

    /// <summary>Objects in the scripted long detection answer: 5 tokens each, 200 answer tokens.</summary>
    public const int DetectionObjects = 40;

    /// <summary>Enough new tokens for the long detection answer and its end token.</summary>
    public const int MaxNewTokens = 256;

    /// <summary>The scripted long <c>&lt;OD&gt;</c> answer.</summary>
    public static string DetectionAnswer { get; } = DetectionAnswers.Create(DetectionObjects);

    /// <summary>The cache folder.</summary>
    public static string Root { get; } = Environment.GetEnvironmentVariable("FLORENCE2_BENCHMARK_MODELS") is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.Combine(RepositoryRoot(), "artifacts", "benchmark-models");

    /// <summary>Base-sized (DaViT-base-sized vision), scripted to answer <see cref="CaptionAnswer"/>.</summary>
    public static string BaseCaption() => Ensure("base-davit-caption", TinyModelOptions.BaseWithDaViT with { Script = TestModelFolder.ScriptFor(CaptionAnswer) });

    /// <summary>Base-sized (DaViT-base-sized vision), scripted to answer <see cref="DetectionAnswer"/>.</summary>
    public static string BaseDetection() => Ensure("base-davit-od", TinyModelOptions.BaseWithDaViT with { Script = TestModelFolder.ScriptFor(DetectionAnswer) });

    /// <summary>
    /// <see cref="BaseDetection"/> with the quantized, int8, uint8, q4 and q4f16 variants of every module, all from the
    /// same weights (about 2.5 GB): for comparing variants (<c>variants</c> mode).
    /// </summary>
    public static string BaseDetectionVariants() => Ensure("base-davit-od-variants", TinyModelOptions.BaseWithDaViT with
    {
        Script = TestModelFolder.ScriptFor(DetectionAnswer),
        Variants = [TinyModelVariant.Quantized, TinyModelVariant.Int8, TinyModelVariant.Uint8, TinyModelVariant.Q4, TinyModelVariant.Q4F16],
    });

    /// <summary>Tiny, scripted to answer <see cref="CaptionAnswer"/>.</summary>
    public static string TinyCaption() => Ensure("tiny-caption", new TinyModelOptions { Script = TestModelFolder.ScriptFor(CaptionAnswer) });

    /// <summary>Tiny, scripted to answer <see cref="DetectionAnswer"/>.</summary>
    public static string TinyDetection() => Ensure("tiny-od", new TinyModelOptions { Script = TestModelFolder.ScriptFor(DetectionAnswer) });

    /// <summary>Writes every folder that is missing.</summary>
    public static void EnsureAll()
    {
        foreach (var path in new[] { TinyCaption(), TinyDetection(), BaseCaption(), BaseDetection() })
        {
            Console.WriteLine(path);
        }
    }

    /// <summary>
    /// Bump when Florence2.TestModels changes the graphs it writes, so folders written by an older generator are
    /// rewritten instead of measured. 2: the DaViT stand-in's reshapes carry the batch axis (a folder from revision 1
    /// cannot take two images in one vision run, which the micro-batching report needs).
    /// </summary>
    private const int GeneratorRevision = 2;

    // A folder counts as present once its marker names this generator revision; the marker is written last, so an
    // interrupted write is redone.
    private static string Ensure(string name, TinyModelOptions options)
    {
        var folder = Path.Combine(Root, name);
        var marker = Path.Combine(folder, ".complete");
        var key = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"generator revision {GeneratorRevision}, seed {options.Seed}, d_model {options.DModel}, script {options.Script?.Count ?? 0} tokens, variants {string.Join(' ', options.AllVariants)}");
        if (!File.Exists(marker) || File.ReadLines(marker).FirstOrDefault() != key)
        {
            Console.Error.WriteLine($"Writing the {name} benchmark model to {folder} …");
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            var summary = TestModelFolder.Write(folder, options);
            File.WriteAllText(marker, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{key}\nvision {summary.VisionEncoderFlops / 1e9:F1} GFLOPs\n"));
        }
        return folder;
    }

    private static string RepositoryRoot()
    {
        // BenchmarkDotNet runs each benchmark from a generated project below the benchmarks' bin folder: walk up.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Florence2.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException(
            $"No Florence2.sln above {AppContext.BaseDirectory}; set FLORENCE2_BENCHMARK_MODELS to a folder for the benchmark models.");
    }
}
