using System.Globalization;

namespace Florence2.Cli;

/// <summary>The parsed command line of the sample.</summary>
internal sealed record CliArguments
{
    public const string Usage = """
        usage: Florence2.Cli run --model DIR --image FILE --task TOKEN [--text TEXT | --region X1,Y1,X2,Y2]
                                 [--num-beams N] [--max-new-tokens N] [--min-score S] [--json]

          --model DIR          model folder in the onnx-community layout (onnx/*.onnx, *.json, tokenizer files)
          --image FILE         image file (JPEG or PNG)
          --task TOKEN         task token such as "<CAPTION>" or "<OD>", or a free prompt
          --text TEXT          the task's text input (caption, expression, object name, region tokens)
          --region X1,Y1,X2,Y2 the region of a region task, in image pixels
          --num-beams N        beams (1 = greedy); default from generation_config.json
          --max-new-tokens N   most tokens to generate; default 1023 (the decoder's positions)
          --min-score S        drop boxes, quads and polygons scoring below S (0 to 1)
          --json               print one JSON object with ids, text, timings and the typed result
        """;

    public bool ShowHelp { get; private init; }

    public string ModelDirectory { get; private init; } = "";

    public string ImagePath { get; private init; } = "";

    public string Task { get; private init; } = "";

    public string? Text { get; private init; }

    public int? NumBeams { get; private init; }

    public int? MaxNewTokens { get; private init; }

    public BoundingBox? Region { get; private init; }

    public float MinimumScore { get; private init; }

    public bool Json { get; private init; }

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            return new CliArguments { ShowHelp = true };
        }

        if (args[0] != "run")
        {
            throw new CliUsageException($"Unknown command '{args[0]}'; the command is 'run'.");
        }

        string? model = null, image = null, task = null, text = null;
        int? beams = null, maxNew = null;
        BoundingBox? region = null;
        var minScore = 0f;
        var json = false;
        for (var i = 1; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--model": model = Value(args, ref i); break;
                case "--image": image = Value(args, ref i); break;
                case "--task": task = Value(args, ref i); break;
                case "--text": text = Value(args, ref i); break;
                case "--num-beams": beams = Positive(args, ref i); break;
                case "--max-new-tokens": maxNew = Positive(args, ref i); break;
                case "--region": region = ParseRegion(Value(args, ref i)); break;
                case "--min-score": minScore = ParseScore(Value(args, ref i)); break;
                case "--json": json = true; break;
                case "-h" or "--help": return new CliArguments { ShowHelp = true };
                default: throw new CliUsageException($"Unknown option '{args[i]}'.");
            }
        }

        return new CliArguments
        {
            ModelDirectory = model ?? throw new CliUsageException("--model is required."),
            ImagePath = image ?? throw new CliUsageException("--image is required."),
            Task = task ?? throw new CliUsageException("--task is required."),
            Text = text,
            NumBeams = beams,
            MaxNewTokens = maxNew,
            Region = region,
            MinimumScore = minScore,
            Json = json,
        };
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new CliUsageException($"{args[i]} needs a value.");
        }

        return args[++i];
    }

    private static BoundingBox ParseRegion(string value)
    {
        var parts = value.Split(',');
        var numbers = new float[4];
        if (parts.Length != 4 || !Array.TrueForAll(parts, p => float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw new CliUsageException($"--region needs four numbers X1,Y1,X2,Y2 in pixels, got '{value}'.");
        }

        for (var i = 0; i < 4; i++)
        {
            numbers[i] = float.Parse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return new BoundingBox(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    private static float ParseScore(string value)
    {
        if (!float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || score < 0 || score > 1)
        {
            throw new CliUsageException($"--min-score needs a number between 0 and 1, got '{value}'.");
        }

        return score;
    }

    private static int Positive(IReadOnlyList<string> args, ref int i)
    {
        var name = args[i];
        var value = Value(args, ref i);
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw new CliUsageException($"{name} needs a whole number of 1 or more, got '{value}'.");
        }

        return number;
    }
}
