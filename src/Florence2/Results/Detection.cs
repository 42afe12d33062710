namespace Florence2;

/// <summary>One detected box with its label.</summary>
/// <param name="Box">The box in pixel coordinates of the original image.</param>
/// <param name="Label">The label the model generated before the box; empty for region proposals.</param>
/// <param name="Score">
/// exp(mean log-probability) of the box's location tokens, in [0, 1]; 1 when the answer was built from text only.
/// </param>
public sealed record Detection(BoundingBox Box, string Label, float Score)
{
    /// <summary>The label the model generated before the box; empty for region proposals.</summary>
    public string Label { get; init; } = Label ?? throw new ArgumentNullException(nameof(Label));
}
