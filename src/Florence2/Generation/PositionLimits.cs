namespace Florence2.Generation;

/// <summary>
/// The model's learned position tables have <c>max_position_embeddings</c> rows; a longer encoder input or decoder
/// output would index past them (a native error, or garbage on some providers). Both limits are checked before any run.
/// </summary>
internal static class PositionLimits
{
    /// <summary>Image tokens + prompt tokens must fit the encoder's positions.</summary>
    /// <exception cref="PromptTooLongException">They do not; the message says by how much.</exception>
    /// <exception cref="ModelFaultException">The image tokens alone leave no room for any prompt: the model's parts do not fit, whatever the caller asks.</exception>
    public static void CheckEncoder(int imageTokenCount, int promptTokenCount, int maxPositions, string paramName)
    {
        if (imageTokenCount > maxPositions - 2)
        {
            throw new ModelFaultException(
                $"The vision stage gives {imageTokenCount} image tokens, but the text encoder takes at most {maxPositions} positions, which leaves no "
                + "room for a prompt (at least <s> and </s>). The vision encoder and the text model do not belong together.");
        }

        if ((long)imageTokenCount + promptTokenCount > maxPositions)
        {
            throw new PromptTooLongException(imageTokenCount, promptTokenCount, maxPositions, paramName);
        }
    }

    /// <summary>The start token + <see cref="GenerationSettings.MaxNewTokens"/> must fit the decoder's positions.</summary>
    /// <exception cref="ArgumentOutOfRangeException">They do not; the message gives the largest allowed value.</exception>
    public static void CheckDecoder(GenerationSettings settings, int maxPositions)
    {
        // Compared without adding 1, so that int.MaxValue cannot overflow past the check.
        if (settings.MaxNewTokens > maxPositions - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.MaxNewTokens,
                $"MaxNewTokens {settings.MaxNewTokens} + 1 start token exceeds the decoder's {maxPositions} positions "
                + $"(max_position_embeddings); use at most {maxPositions - 1}.");
        }
    }
}
