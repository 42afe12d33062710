using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Florence2.Samples;

namespace Florence2.Cli;

/// <summary>
/// The florence2 command line on System.CommandLine: one subcommand per task, the options every command shares,
/// each command's own options, and the checks that involve several options. Build one per parse (not shared across threads).
/// </summary>
internal sealed class CliCommandLine
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

    // The options every command takes: one instance each, added to every command.
    private readonly Argument<string[]> _images;
    private IReadOnlyList<string> _beforeDoubleDash = [];

    private readonly Option<string> _model = new("--model")
    {
        Description = "Hub id or local model folder (an id is downloaded into the Hugging Face cache on first use)",
        HelpName = "ID|DIR",
        Arity = ArgumentArity.ExactlyOne,
        DefaultValueFactory = _ => Florence2Models.Default,
    };

    private readonly Option<string> _revision = new("--revision")
    {
        Description = "branch, tag or commit of a Hub model",
        HelpName = "REV",
        Arity = ArgumentArity.ExactlyOne,
        DefaultValueFactory = _ => "main",
    };

    private readonly Option<ModelVariant?> _variant = VariantOption("--variant",
        "ONNX variant of all four modules: " + string.Join(", ", Variants.Keys) + " (fp32 when not given)");

    private readonly Option<ModelVariant?> _visionVariant = VariantOption("--vision-variant", "the variant of the vision encoder, after --variant");

    private readonly Option<ModelVariant?> _embedVariant = VariantOption("--embed-variant", "the variant of the token embedding, after --variant");

    private readonly Option<ModelVariant?> _encoderVariant = VariantOption("--encoder-variant", "the variant of the text encoder, after --variant");

    private readonly Option<ModelVariant?> _decoderVariant = VariantOption("--decoder-variant", "the variant of the decoder, after --variant");

    private readonly Option<ExecutionProviderChoice[]> _provider = new("--provider")
    {
        Description = "cpu, cuda[:N] or directml[:N]; repeat or comma-separate in order of preference (falls back to the CPU)",
        HelpName = "P",
        CustomParser = OptionValues.Providers,
    };

    private readonly Option<int?> _numBeams = new("--num-beams")
    {
        Description = $"beams, 1 (greedy) to {GenerationSettings.MaxNumBeams}; default from generation_config.json",
        HelpName = "N",
        CustomParser = r => OptionValues.WholeNumber(r, 1, GenerationSettings.MaxNumBeams),
    };

    private readonly Option<int?> _maxNewTokens = new("--max-new-tokens")
    {
        Description = "most tokens to generate, 1 to the model's limit (1023 for Florence-2; default 1023)",
        HelpName = "N",
        CustomParser = r => OptionValues.WholeNumber(r, 1, int.MaxValue),
    };

    private readonly Option<float> _minScore = new("--min-score")
    {
        Description = "drop boxes, quads and polygons scoring below S (0 to 1)",
        HelpName = "S",
        CustomParser = OptionValues.Score,
    };

    private readonly Option<bool> _json = new("--json") { Description = "one JSON object per image and line instead of the table" };

    private readonly Option<string> _annotate = new("--annotate")
    {
        Description = "draw the result on the image: OUT.png for one image, a folder (not named *.png, *.jpg, ...) for several",
        HelpName = "OUT",
    };

    // Options of some commands.
    private readonly Option<CaptionDetail> _detail = new("--detail")
    {
        Description = "brief (default), detailed or paragraph",
        HelpName = "D",
        CustomParser = r => OptionValues.OneOf(r, Details),
    };

    private readonly Option<bool> _ocrRegions = new("--regions") { Description = "a quad box per line of text" };
    private readonly Option<string> _caption = TextOption("--caption", "the caption whose phrases to find", required: true);
    private readonly Option<string> _expression = TextOption("--expression", "what to segment, in words", required: false);
    private readonly Option<string> _name = TextOption("--name", "the kind of object to find", required: true);
    private readonly Option<BoundingBox?> _segmentRegion = RegionOption("or the region to segment, in pixels", required: false);
    private readonly Option<BoundingBox?> _regionRegion = RegionOption("the region, in pixels", required: true);
    private readonly Option<BoundingBox?> _runRegion = RegionOption("the region of a region task, in pixels", required: false);
    private readonly Option<bool> _describe = new("--describe") { Description = "describe it (default)" };
    private readonly Option<bool> _category = new("--category") { Description = "name its category" };
    private readonly Option<bool> _ocr = new("--ocr") { Description = "read its text" };
    private readonly Option<string> _promptTask = TextOption("--task", "the prompt or task token", required: true, helpName: "TOKEN");
    private readonly Option<string> _runTask = TextOption("--task", "a task token such as \"<OD>\", or a free prompt", required: true, helpName: "TOKEN");
    private readonly Option<string> _promptText = TextOption("--text", "text after the token", required: false);
    private readonly Option<string> _runText = TextOption("--text", "the task's text input", required: false);

    private readonly Option<AnswerKind?> _kind = new("--kind")
    {
        Description = "how to parse the answer: " + string.Join(", ", Kinds.Keys) + " (text for unknown tokens)",
        HelpName = "K",
        CustomParser = r => OptionValues.OneOf(r, Kinds),
    };

    private readonly Option<string[]> _image = new("--image")
    {
        Description = "the image (or give it as an argument)",
        HelpName = "FILE",
    };

    private readonly Dictionary<Command, CliCommand> _commands = [];

    public CliCommandLine()
    {
        _images = new Argument<string[]>("IMAGE")
        {
            Description = "JPEG or PNG files, or folders of them (read in name order)",
            Arity = ArgumentArity.ZeroOrMore,
            CustomParser = Operands,
        };

        // An option with a default does not complain by itself when its value is missing ("--model" at the end).
        foreach (var option in new Option[] { _model, _revision })
        {
            option.Validators.Add(r =>
            {
                if (!r.Implicit && r.Tokens.Count == 0)
                {
                    r.AddError($"{option.Name} needs a value.");
                }
            });
        }
        Root = new RootCommand("florence2: Microsoft Florence-2 vision models on ONNX Runtime");
        Add(CliCommand.Caption, "caption", "describe the image in a sentence or a paragraph", _detail);
        Add(CliCommand.Ocr, "ocr", "read the text, optionally with a box per line", _ocrRegions);
        Add(CliCommand.Detect, "detect", "find objects: labelled boxes");
        Add(CliCommand.DenseCaption, "dense-caption", "boxes with a short caption each (alias: regions)").Aliases.Add("regions");
        Add(CliCommand.Propose, "propose", "region proposals: boxes without labels");
        Add(CliCommand.Ground, "ground", "find the phrases of a caption in the image", _caption);
        Add(CliCommand.Segment, "segment", "a polygon mask for an expression or a region", _expression, _segmentRegion).Validators.Add(result =>
        {
            if ((result.GetResult(_expression) is null) == (result.GetResult(_segmentRegion) is null))
            {
                result.AddError("segment takes either --expression TEXT or --region X1,Y1,X2,Y2.");
            }
        });
        Add(CliCommand.Find, "find", "open-vocabulary detection of one kind of object", _name);
        Add(CliCommand.Region, "region", "describe, classify or read one region", _regionRegion, _describe, _category, _ocr).Validators.Add(result =>
        {
            if (new Option[] { _describe, _category, _ocr }.Count(o => result.GetResult(o) is not null) > 1)
            {
                result.AddError("region takes one of --describe, --category and --ocr.");
            }
        });
        Add(CliCommand.Prompt, "prompt", "a free prompt, for fine-tuned checkpoints", _promptTask, _promptText, _kind);
        Add(CliCommand.Run, "run", "a raw task token, for debugging (--json adds token ids and timings)", _runTask, _runText, _runRegion, _image)
            .Validators.Add(result =>
            {
                if (result.GetResult(_runText) is not null && result.GetResult(_runRegion) is not null)
                {
                    result.AddError("run takes --text or --region, not both.");
                }
            });

        foreach (var version in Root.Options.OfType<VersionOption>())
        {
            version.Action = new PrintVersion();
        }

        // Help ends with the exit codes and an example, as the hand-written help did.
        foreach (var help in Root.Options.OfType<HelpOption>())
        {
            help.Action = new HelpWithNotes((HelpAction)help.Action!,
                "Exit codes: 0 done, 1 failed, 2 usage error, 130 cancelled (Ctrl+C).",
                "Example: florence2 detect photo.jpg --annotate photo.boxes.png");
        }
    }

    public RootCommand Root { get; }

    /// <summary>Parses <paramref name="args"/>; '@file' is an image name here, not a response file.</summary>
    public ParseResult Parse(IReadOnlyList<string> args)
    {
        var doubleDash = args.ToList().IndexOf("--");
        _beforeDoubleDash = doubleDash < 0 ? args : args.Take(doubleDash).ToList();
        return Root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
    }

    /// <summary>The values of a parse without errors that runs a task command; images are decoded with SkiaSharp, as docs/images.md recommends.</summary>
    /// <exception cref="SkiaSharpNativeLibraryException">Skia's native library cannot be loaded.</exception>
    public CliInvocation Bind(ParseResult parsed)
    {
        var command = _commands[parsed.CommandResult.Command];
        var options = new Florence2ModelOptions { ImageDecoder = new SkiaSharpImageDecoder() };
        var variants = options.Variants;
        if (parsed.GetValue(_variant) is { } all)
        {
            variants.VisionEncoder = variants.EmbedTokens = variants.Encoder = variants.Decoder = all;
        }

        variants.VisionEncoder = parsed.GetValue(_visionVariant) ?? variants.VisionEncoder;
        variants.EmbedTokens = parsed.GetValue(_embedVariant) ?? variants.EmbedTokens;
        variants.Encoder = parsed.GetValue(_encoderVariant) ?? variants.Encoder;
        variants.Decoder = parsed.GetValue(_decoderVariant) ?? variants.Decoder;
        if (parsed.GetValue(_provider) is { Length: > 0 } providers)
        {
            options.ExecutionProviders = providers;
            options.AllowCpuFallback = true;
        }

        var question = parsed.GetValue(_category) ? RegionQuestion.Category : parsed.GetValue(_ocr) ? RegionQuestion.Ocr : RegionQuestion.Describe;
        return new CliInvocation
        {
            Command = command,
            Name = parsed.CommandResult.Command.Name,
            Images = [.. parsed.GetValue(_image) ?? [], .. parsed.GetValue(_images) ?? []],
            Model = parsed.GetValue(_model)!,
            Revision = parsed.GetValue(_revision)!,
            ModelOptions = options,
            NumBeams = parsed.GetValue(_numBeams),
            MaxNewTokens = parsed.GetValue(_maxNewTokens),
            MinimumScore = parsed.GetValue(_minScore),
            Json = parsed.GetValue(_json),
            AnnotatePath = parsed.GetValue(_annotate),
            Detail = parsed.GetValue(_detail),
            OcrRegions = parsed.GetValue(_ocrRegions),
            Text = parsed.GetValue(_caption) ?? parsed.GetValue(_expression) ?? parsed.GetValue(_name) ?? parsed.GetValue(_promptText) ?? parsed.GetValue(_runText),
            Region = parsed.GetValue(_segmentRegion) ?? parsed.GetValue(_regionRegion) ?? parsed.GetValue(_runRegion),
            Question = question,
            Task = parsed.GetValue(_promptTask) ?? parsed.GetValue(_runTask) ?? "",
            Kind = parsed.GetValue(_kind),
        };
    }

    /// <summary>
    /// Whether <paramref name="error"/> is the images' conversion error that follows from stopping them before an
    /// unknown option (see <see cref="Operands"/>); the unknown option's own error says what is wrong.
    /// </summary>
    public bool IsFollowUpError(ParseError error, ParseResult parsed) =>
        error.SymbolResult is ArgumentResult argument && argument.Argument == _images && parsed.UnmatchedTokens.Count > 0;

    /// <summary>Whether <paramref name="option"/> is an option of some command (for "does not go with" hints).</summary>
    public Command? CommandWithOption(string option) =>
        Root.Subcommands.FirstOrDefault(c => c.Options.Any(o => o.Name == option || o.Aliases.Contains(option)));

    private Command Add(CliCommand kind, string name, string description, params Option[] own)
    {
        var command = new Command(name, description) { _images };
        foreach (var option in own)
        {
            command.Options.Add(option);
        }

        foreach (Option option in new Option[]
                 {
                     _model, _revision, _variant, _visionVariant, _embedVariant, _encoderVariant, _decoderVariant, _provider, _numBeams,
                     _maxNewTokens, _minScore, _json, _annotate,
                 })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if ((result.GetResult(_images)?.Tokens.Count ?? 0) + (kind == CliCommand.Run ? result.GetResult(_image)?.Tokens.Count ?? 0 : 0) == 0)
            {
                result.AddError($"{name} needs an image: a file or a folder of JPEG and PNG files.");
            }
        });
        Root.Subcommands.Add(command);
        _commands[command] = kind;
        return command;
    }

    // An unknown option ("--bogus") would otherwise be taken as an image. Stopping the images before it leaves it
    // unmatched, so System.CommandLine reports it with a suggestion; after "--" every argument is an image.
    private string[] Operands(ArgumentResult result)
    {
        var operands = new List<string>();
        foreach (var token in result.Tokens)
        {
            if (token.Value.Length > 1 && token.Value[0] == '-' && _beforeDoubleDash.Contains(token.Value))
            {
                result.OnlyTake(operands.Count);
                break;
            }

            operands.Add(token.Value);
        }

        return [.. operands];
    }

    private static Option<ModelVariant?> VariantOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "V",
        CustomParser = r => OptionValues.OneOf(r, Variants),
    };

    private static Option<string> TextOption(string name, string description, bool required, string helpName = "TEXT") => new(name)
    {
        Description = description,
        HelpName = helpName,
        Required = required,
        CustomParser = OptionValues.Text,
    };

    private static Option<BoundingBox?> RegionOption(string description, bool required) => new("--region")
    {
        Description = description,
        HelpName = "X1,Y1,X2,Y2",
        Required = required,
        CustomParser = OptionValues.Region,
    };
}
