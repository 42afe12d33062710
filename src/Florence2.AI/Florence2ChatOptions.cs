namespace Florence2.AI;

/// <summary>
/// Keys of <c>ChatOptions.AdditionalProperties</c> that <see cref="Florence2ChatClient"/> reads: the Florence-2 settings
/// that have no standard <c>ChatOptions</c> property. Other keys are left alone (they may be meant for another
/// client in the same pipeline); a key of this class with a value of the wrong type is refused with an
/// <see cref="ArgumentException"/> that names the key.
/// </summary>
/// <example>
/// <code>
/// var options = new ChatOptions { MaxOutputTokens = 256, AdditionalProperties = new() { [Florence2ChatOptions.NumBeams] = 3 } };
/// </code>
/// </example>
public static class Florence2ChatOptions
{
    /// <summary>
    /// The number of beams (an integer, 1 to <see cref="GenerationSettings.MaxNumBeams"/>); unset keeps the model's default
    /// (3 for the published checkpoints). Streaming decodes greedily, so a value above 1 is refused there with a
    /// <see cref="NotSupportedException"/>.
    /// </summary>
    public const string NumBeams = "florence2.num_beams";

    /// <summary>
    /// Drops boxes, quads and polygons scored below this value (a number from 0 to 1; <see cref="TaskOptions.MinimumScore"/>).
    /// </summary>
    public const string MinimumScore = "florence2.minimum_score";

    /// <summary>
    /// How a fine-tune's own token (a free prompt such as <c>&lt;DocVQA&gt;</c>) is parsed: an <see cref="Florence2.AnswerKind"/>
    /// or its name (<c>"PureText"</c>, <c>"DescriptionWithBoxes"</c>, ...); unset is plain text. A known task token
    /// always parses as its task does, and another kind is refused.
    /// </summary>
    public const string AnswerKind = "florence2.answer_kind";
}
