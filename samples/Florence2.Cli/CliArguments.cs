namespace Florence2.Cli;

/// <summary>The parsed command line: the command, its images, the model and its options.</summary>
internal sealed record CliArguments
{
    private static readonly Dictionary<string, CaptionDetail> Details = new()
    {
        ["brief"] = CaptionDetail.Brief,
        ["detailed"] = CaptionDetail.Detailed,
        ["paragraph"] = CaptionDetail.Paragraph,
    };

    private static readonly Dictionary<string, ModelVariant> Variants =
        Enum.GetValues<ModelVariant>().ToDictionary(v => v.ToString().ToLowerInvariant());

    private static readonly Dictionary<string, AnswerKind> Kinds = new()
    {
        ["text"] = AnswerKind.PureText,
        ["boxes"] = AnswerKind.Boxes,
        ["labelled-boxes"] = AnswerKind.DescriptionWithBoxes,
        ["grounding"] = AnswerKind.PhraseGrounding,
        ["ocr"] = AnswerKind.Ocr,
        ["polygons"] = AnswerKind.Polygons,
        ["boxes-or-polygons"] = AnswerKind.DescriptionWithBoxesOrPolygons,
    };

    /// <summary>Null for the general help.</summary>
    public CommandInfo? Command { get; private init; }

    public bool ShowHelp { get; private init; }

    public IReadOnlyList<string> Images { get; private init; } = [];

    public string Model { get; private init; } = Florence2Models.Default;

    public string Revision { get; private init; } = "main";

    public Florence2ModelOptions ModelOptions { get; private init; } = new() { ImageDecoder = new ImageSharpImageDecoder() };

    // The options object is shared by the copies `with` makes while parsing; only the last copy is used.
    private CliArguments WithVariant(Action<ModelVariants> set)
    {
        set(ModelOptions.Variants);
        return this;
    }

    public int? NumBeams { get; private init; }

    public int? MaxNewTokens { get; private init; }

    public float MinimumScore { get; private init; }

    public bool Json { get; private init; }

    public string? AnnotatePath { get; private init; }

    public CaptionDetail Detail { get; private init; }

    public bool OcrRegions { get; private init; }

    /// <summary>The free text of the command: --caption, --expression, --name or --text.</summary>
    public string? Text { get; private init; }

    public BoundingBox? Region { get; private init; }

    public RegionQuestion Question { get; private init; }

    public string Task { get; private init; } = "";

    public AnswerKind? Kind { get; private init; }

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            return new CliArguments { ShowHelp = true, Command = args.Count > 1 ? CommandInfo.Find(args[1]) : null };
        }

        var command = CommandInfo.Find(args[0])
            ?? throw new CliUsageException($"Unknown command '{args[0]}'. Commands: {string.Join(", ", CommandInfo.All.Select(c => c.Name))}.");
        var parsed = new CliArguments { Command = command };
        var images = new List<string>();
        var providers = new List<ExecutionProviderChoice>();
        var questions = 0;
        var reader = new ArgumentReader(args, 1);
        while (reader.TryNext(out var arg))
        {
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg != "--help" && !IsCommon(arg) && !command.Options.Contains(arg))
            {
                throw new CliUsageException(KnownOption(arg)
                    ? $"{arg} does not go with '{command.Name}'; see florence2 {command.Name} --help."
                    : $"Unknown option '{arg}'.");
            }

            parsed = arg switch
            {
                "-h" or "--help" => new CliArguments { ShowHelp = true, Command = command },
                "--model" => parsed with { Model = reader.Value(arg) },
                "--revision" => parsed with { Revision = reader.Value(arg) },
                "--variant" => parsed.WithVariant(v => v.VisionEncoder = v.EmbedTokens = v.Encoder = v.Decoder = reader.OneOf(arg, Variants)),
                "--vision-variant" => parsed.WithVariant(v => v.VisionEncoder = reader.OneOf(arg, Variants)),
                "--embed-variant" => parsed.WithVariant(v => v.EmbedTokens = reader.OneOf(arg, Variants)),
                "--encoder-variant" => parsed.WithVariant(v => v.Encoder = reader.OneOf(arg, Variants)),
                "--decoder-variant" => parsed.WithVariant(v => v.Decoder = reader.OneOf(arg, Variants)),
                "--provider" => AddProviders(parsed, providers, reader.Value(arg)),
                "--num-beams" => parsed with { NumBeams = reader.Positive(arg) },
                "--max-new-tokens" => parsed with { MaxNewTokens = reader.Positive(arg) },
                "--min-score" => parsed with { MinimumScore = reader.Score(arg) },
                "--json" => parsed with { Json = true },
                "--annotate" => parsed with { AnnotatePath = reader.Value(arg) },
                "--detail" => parsed with { Detail = reader.OneOf(arg, Details) },
                "--regions" => parsed with { OcrRegions = true },
                "--caption" or "--expression" or "--name" or "--text" => parsed with { Text = reader.Value(arg) },
                "--region" => parsed with { Region = reader.Region(arg) },
                "--describe" => parsed with { Question = Count(ref questions, RegionQuestion.Describe) },
                "--category" => parsed with { Question = Count(ref questions, RegionQuestion.Category) },
                "--ocr" => parsed with { Question = Count(ref questions, RegionQuestion.Ocr) },
                "--task" => parsed with { Task = reader.Value(arg) },
                "--kind" => parsed with { Kind = reader.OneOf(arg, Kinds) },
                "--image" => Add(parsed, images, reader.Value(arg)),
                _ when arg.StartsWith('-') && arg.Length > 1 => throw new CliUsageException($"Unknown option '{arg}'."),
                _ => Add(parsed, images, arg),
            };
            if (parsed.ShowHelp)
            {
                return parsed;
            }
        }

        if (questions > 1)
        {
            throw new CliUsageException("region takes one of --describe, --category and --ocr.");
        }

        return Validate(parsed with { Images = images });
    }

    private static CliArguments Validate(CliArguments parsed)
    {
        var command = parsed.Command!;
        if (parsed.Images.Count == 0)
        {
            throw new CliUsageException($"{command.Name} needs an image: a file or a folder of JPEG and PNG files.");
        }

        var needsText = command.Command switch
        {
            CliCommand.Ground => "--caption",
            CliCommand.Find => "--name",
            _ => null,
        };
        if (needsText is not null && string.IsNullOrWhiteSpace(parsed.Text))
        {
            throw new CliUsageException($"{command.Name} needs {needsText} TEXT.");
        }

        if (command.Command == CliCommand.Segment && (parsed.Text is null) == (parsed.Region is null))
        {
            throw new CliUsageException("segment takes either --expression TEXT or --region X1,Y1,X2,Y2.");
        }

        if (command.Command == CliCommand.Region && parsed.Region is null)
        {
            throw new CliUsageException("region needs --region X1,Y1,X2,Y2.");
        }

        if (command.Command is CliCommand.Prompt or CliCommand.Run && string.IsNullOrWhiteSpace(parsed.Task))
        {
            throw new CliUsageException($"{command.Name} needs --task TOKEN, such as \"<OD>\".");
        }

        if (command.Command == CliCommand.Run && parsed.Text is not null && parsed.Region is not null)
        {
            throw new CliUsageException("run takes --text or --region, not both.");
        }

        return parsed;
    }

    private static bool IsCommon(string option) => option is "--model" or "--revision" or "--variant" or "--vision-variant" or "--embed-variant"
        or "--encoder-variant" or "--decoder-variant" or "--provider" or "--num-beams" or "--max-new-tokens" or "--min-score" or "--json" or "--annotate";

    private static bool KnownOption(string option) => CommandInfo.All.Any(c => c.Options.Contains(option));

    private static RegionQuestion Count(ref int questions, RegionQuestion question)
    {
        questions++;
        return question;
    }

    private static CliArguments Add(CliArguments parsed, List<string> images, string image)
    {
        images.Add(image);
        return parsed;
    }

    private static CliArguments AddProviders(CliArguments parsed, List<ExecutionProviderChoice> providers, string value)
    {
        providers.AddRange(ProviderList.Parse(value));
        parsed.ModelOptions.ExecutionProviders = [.. providers];
        parsed.ModelOptions.AllowCpuFallback = true;
        return parsed;
    }
}
