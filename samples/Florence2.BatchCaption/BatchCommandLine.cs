using System.CommandLine;
using System.CommandLine.Parsing;
using System.CommandLine.Help;
using System.Globalization;
using Florence2.Samples;

namespace Florence2.BatchCaption;

/// <summary>What a BatchCaption command line asks for.</summary>
internal sealed record BatchRequest(string Folder, string Model, CaptionDetail Detail, int BatchSize, int Parallelism, string? OutputFile, Shard Shard);

/// <summary>
/// BatchCaption's command line on System.CommandLine: a folder and how to caption it. Build one per parse.
/// </summary>
internal sealed class BatchCommandLine
{
    private readonly Argument<string> _folder = new("FOLDER")
    {
        Description = "captions every .jpg, .jpeg and .png file in it (not in subfolders), in name order",
    };

    private readonly Option<string> _model = new("--model")
    {
        Description = "a Hugging Face model id or a local onnx-community model folder",
        HelpName = "ID|DIR",
        Arity = ArgumentArity.ExactlyOne,
        DefaultValueFactory = _ => Florence2Models.Default,
    };

    private readonly Option<CaptionDetail> _detail = new("--detail")
    {
        Description = "brief (<CAPTION>), detailed (<DETAILED_CAPTION>) or paragraph (<MORE_DETAILED_CAPTION>)",
        HelpName = "brief|detailed|paragraph",
        CustomParser = ParseDetail,
    };

    private readonly Option<int> _batchSize = new("--batch-size")
    {
        Description = "images per batch: the vision encoder runs once per batch and greedy decoding decodes a batch together",
        HelpName = "N",
        DefaultValueFactory = _ => 8,
        CustomParser = r => Whole(r, 1, 64),
    };

    private readonly Option<int> _parallel = new("--parallel")
    {
        Description = "batches in flight at once",
        HelpName = "N",
        DefaultValueFactory = _ => 1,
        CustomParser = r => Whole(r, 1, 64),
    };

    private readonly Option<string> _output = new("--output")
    {
        Description = "also write the captions to FILE: .csv gives \"file,caption\" rows, .jsonl one JSON object a line",
        HelpName = "FILE",
        CustomParser = ParseOutput,
    };

    private readonly Option<Shard> _shard = new("--shard")
    {
        Description = "caption only shard i of n (i from 0): a file's shard is the SHA-256 of its name modulo n, so n runs cover the folder once",
        HelpName = "i/n",
        DefaultValueFactory = _ => Shard.All,
        CustomParser = ParseShard,
    };

    public BatchCommandLine()
    {
        Root = new RootCommand("Florence2.BatchCaption: captions every JPEG and PNG image of a folder with Florence-2, in batches")
        {
            _folder, _model, _detail, _batchSize, _parallel, _output, _shard,
        };
        foreach (var version in Root.Options.OfType<VersionOption>())
        {
            version.Action = new PrintVersion();
        }

        foreach (var help in Root.Options.OfType<HelpOption>())
        {
            help.Action = new HelpWithNotes((HelpAction)help.Action!,
                "Prints \"file<TAB>caption\" per image as each batch finishes; progress (elapsed, rate, ETA) goes to stderr.",
                "Exit codes: 0 all captioned, 1 some images failed, 2 bad arguments or the model could not be loaded, 130 cancelled (Ctrl+C).");
        }
    }

    public RootCommand Root { get; }

    /// <summary>Parses <paramref name="args"/>; '@file' is a folder name here, not a response file.</summary>
    public ParseResult Parse(IReadOnlyList<string> args) => Root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

    public BatchRequest Bind(ParseResult parsed) => new(
        parsed.GetValue(_folder)!,
        parsed.GetValue(_model)!,
        parsed.GetValue(_detail),
        parsed.GetValue(_batchSize),
        parsed.GetValue(_parallel),
        parsed.GetValue(_output),
        parsed.GetValue(_shard));

    private static string Last(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    private static CaptionDetail ParseDetail(ArgumentResult result)
    {
        var value = Last(result);
        switch (value)
        {
            case "brief": return CaptionDetail.Brief;
            case "detailed": return CaptionDetail.Detailed;
            case "paragraph": return CaptionDetail.Paragraph;
            default:
                result.AddError($"--detail '{value}' is not one of brief, detailed, paragraph.");
                return default;
        }
    }

    private static int Whole(ArgumentResult result, int min, int max)
    {
        var value = Last(result);
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        var name = result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
        result.AddError($"{name} '{value}' is not a whole number from {min} to {max}.");
        return min;
    }

    private static string? ParseOutput(ArgumentResult result)
    {
        var value = Last(result);
        if (Path.GetExtension(value).ToUpperInvariant() is ".CSV" or ".JSONL")
        {
            return value;
        }

        result.AddError($"--output '{value}' must end in .csv or .jsonl.");
        return null;
    }

    private static Shard ParseShard(ArgumentResult result)
    {
        if (Shard.Parse(Last(result), out var error) is { } shard)
        {
            return shard;
        }

        result.AddError(error!);
        return Shard.All;
    }
}
