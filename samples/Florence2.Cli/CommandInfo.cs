namespace Florence2.Cli;

/// <summary>A command's name, its one-line summary, its own options and its usage line, for parsing and help.</summary>
internal sealed record CommandInfo(CliCommand Command, string Name, string Summary, string Usage, IReadOnlyList<string> Options)
{
    public static IReadOnlyList<CommandInfo> All { get; } =
    [
        new(CliCommand.Caption, "caption", "describe the image in a sentence or a paragraph",
            "caption IMAGE... [--detail brief|detailed|paragraph]", ["--detail"]),
        new(CliCommand.Ocr, "ocr", "read the text, optionally with a box per line",
            "ocr IMAGE... [--regions]", ["--regions"]),
        new(CliCommand.Detect, "detect", "find objects: labelled boxes",
            "detect IMAGE...", []),
        new(CliCommand.DenseCaption, "dense-caption", "boxes with a short caption each (alias: regions)",
            "dense-caption IMAGE...", []),
        new(CliCommand.Propose, "propose", "region proposals: boxes without labels",
            "propose IMAGE...", []),
        new(CliCommand.Ground, "ground", "find the phrases of a caption in the image",
            "ground IMAGE... --caption TEXT", ["--caption"]),
        new(CliCommand.Segment, "segment", "a polygon mask for an expression or a region",
            "segment IMAGE... (--expression TEXT | --region X1,Y1,X2,Y2)", ["--expression", "--region"]),
        new(CliCommand.Find, "find", "open-vocabulary detection of one kind of object",
            "find IMAGE... --name TEXT", ["--name"]),
        new(CliCommand.Region, "region", "describe, classify or read one region",
            "region IMAGE... --region X1,Y1,X2,Y2 [--describe | --category | --ocr]", ["--region", "--describe", "--category", "--ocr"]),
        new(CliCommand.Prompt, "prompt", "a free prompt, for fine-tuned checkpoints",
            "prompt IMAGE... --task TOKEN [--text TEXT] [--kind KIND]", ["--task", "--text", "--kind"]),
        new(CliCommand.Run, "run", "a raw task token, for debugging (--json adds token ids and timings)",
            "run IMAGE... --task TOKEN [--text TEXT | --region X1,Y1,X2,Y2]", ["--task", "--text", "--region", "--image"]),
    ];

    public static CommandInfo? Find(string name) =>
        name == "regions" ? Find("dense-caption") : All.FirstOrDefault(c => c.Name == name);

    public static CommandInfo Of(CliCommand command) => All.First(c => c.Command == command);
}
