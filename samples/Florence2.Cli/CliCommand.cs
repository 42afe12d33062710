namespace Florence2.Cli;

/// <summary>The tasks the CLI runs, one command each.</summary>
internal enum CliCommand
{
    Caption,
    Ocr,
    Detect,
    DenseCaption,
    Propose,
    Ground,
    Segment,
    Find,
    Region,
    Prompt,
    Run,
}
