using System.Globalization;

namespace Florence2.BatchCaption;

/// <summary>The sample's command line: a folder of images and how to caption it.</summary>
internal sealed record BatchArguments(string Folder, string Model, CaptionDetail Detail, int Parallelism, string? OutputFile)
{
    public const string Usage = """
        usage: Florence2.BatchCaption FOLDER [--model ID|DIR] [--detail brief|detailed|paragraph] [--parallel N] [--output FILE]

          FOLDER          captions every .jpg, .jpeg and .png file in it (not in subfolders), in name order
          --model ID|DIR  a Hugging Face model id or a local onnx-community model folder (default onnx-community/Florence-2-base-ft)
          --detail        brief (<CAPTION>, the default), detailed (<DETAILED_CAPTION>) or paragraph (<MORE_DETAILED_CAPTION>)
          --parallel N    images captioned at once, 1 to 64 (default 2)
          --output FILE   also write the captions to FILE: .csv gives "file,caption" rows, .jsonl one JSON object a line

        Prints "file<TAB>caption" per image as each finishes. Exit codes: 0 all captioned, 1 some images failed,
        2 bad arguments or the model could not be loaded, 130 cancelled (Ctrl+C).
        """;

    /// <summary>Reads the arguments; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static BatchArguments Parse(IReadOnlyList<string> args)
    {
        string? folder = null;
        string model = Florence2Models.Default;
        var detail = CaptionDetail.Brief;
        var parallelism = 2;
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--model": model = Value(); break;
                case "--detail": detail = ParseDetail(Value()); break;
                case "--parallel": parallelism = ParseParallelism(Value()); break;
                case "--output": output = ParseOutput(Value()); break;
                case var option when option.StartsWith('-'): throw new ArgumentException($"Unknown option '{option}'.");
                case var path when folder is null: folder = path; break;
                default: throw new ArgumentException($"Only one folder is captioned per run; '{args[i]}' is a second one.");
            }
        }

        return folder is null
            ? throw new ArgumentException("The folder of images is missing.")
            : new BatchArguments(folder, model, detail, parallelism, output);
    }

    private static CaptionDetail ParseDetail(string value) => value switch
    {
        "brief" => CaptionDetail.Brief,
        "detailed" => CaptionDetail.Detailed,
        "paragraph" => CaptionDetail.Paragraph,
        _ => throw new ArgumentException($"--detail '{value}' is not one of brief, detailed, paragraph."),
    };

    private static int ParseParallelism(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 64
            ? n
            : throw new ArgumentException($"--parallel '{value}' is not a whole number from 1 to 64.");

    private static string ParseOutput(string value) => Path.GetExtension(value).ToUpperInvariant() is ".CSV" or ".JSONL"
        ? value
        : throw new ArgumentException($"--output '{value}' must end in .csv or .jsonl.");
}
