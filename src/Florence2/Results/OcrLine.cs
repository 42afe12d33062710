namespace Florence2;

/// <summary>One line (or word group) of text found by OCR with regions.</summary>
/// <param name="Quad">The quadrilateral around the text, in pixel coordinates of the original image.</param>
/// <param name="Text">The recognized text.</param>
/// <param name="Score">exp(mean log-probability) of the quad's eight location tokens, in [0, 1].</param>
public sealed record OcrLine(QuadBox Quad, string Text, float Score)
{
    /// <summary>The quadrilateral around the text, in pixel coordinates of the original image.</summary>
    public QuadBox Quad { get; init; } = Quad ?? throw new ArgumentNullException(nameof(Quad));

    /// <summary>The recognized text.</summary>
    public string Text { get; init; } = Text ?? throw new ArgumentNullException(nameof(Text));
}
