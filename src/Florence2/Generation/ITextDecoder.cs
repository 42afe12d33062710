using Florence2.Generation;

namespace Florence2;

/// <summary>
/// The language stage: embeds the prompt, joins it to the image features, runs the encoder, then generates with
/// the decoder and its key/value cache. The ONNX implementation uses <c>embed_tokens.onnx</c>,
/// <c>encoder_model.onnx</c> and <c>decoder_model_merged.onnx</c>. Implementations must be safe to call from
/// several threads at once (each call has its own cache).
/// </summary>
public interface ITextDecoder : IDisposable
{
    /// <summary>Largest total of image tokens plus prompt tokens the encoder accepts.</summary>
    int MaxEncoderLength { get; }

    /// <summary>Generates the answer for one image and one tokenized prompt.</summary>
    /// <param name="imageFeatures">The vision stage's output.</param>
    /// <param name="promptTokenIds">The prompt's ids including <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c>.</param>
    /// <param name="settings">Complete generation settings.</param>
    /// <param name="onToken">
    /// Called with each token as soon as it is final: greedy decoding only (with beams, tokens are final only at
    /// the end). Runs on the generating thread; keep it short.
    /// </param>
    /// <param name="cancellationToken">Stops the generation between (and, with ONNX Runtime, inside) decoder steps.</param>
    /// <remarks>
    /// The model checks before calling that image plus prompt tokens fit <see cref="MaxEncoderLength"/> and that the
    /// start token plus <see cref="GenerationSettings.MaxNewTokens"/> fit it too.
    /// </remarks>
    /// <exception cref="ArgumentException">The prompt is empty or the features do not fit the model.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    GeneratedSequence Generate(ImageFeatures imageFeatures, IReadOnlyList<int> promptTokenIds, GenerationSettings settings, Action<int>? onToken = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Generates greedy answers for several images with the same prompt, one result per image in order. Each
    /// result must equal what <see cref="Generate"/> gives for that image alone. The default implementation calls
    /// <see cref="Generate"/> once per image; the ONNX implementation runs the text encoder once for all images
    /// and decodes them as rows of one batch, one decoder run per step.
    /// </summary>
    /// <param name="imageFeatures">The vision stage's outputs, all with the same token count.</param>
    /// <param name="promptTokenIds">The prompt shared by every image, including <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c>.</param>
    /// <param name="settings">Complete generation settings; <see cref="GenerationSettings.NumBeams"/> must be 1.</param>
    /// <param name="cancellationToken">Stops the generation between (and, with ONNX Runtime, inside) decoder steps.</param>
    /// <exception cref="ArgumentException">
    /// No images, features of different token counts, more than one beam, or what <see cref="Generate"/> rejects.
    /// </exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    IReadOnlyList<GeneratedSequence> GenerateBatch(IReadOnlyList<ImageFeatures> imageFeatures, IReadOnlyList<int> promptTokenIds, GenerationSettings settings,
        CancellationToken cancellationToken = default)
    {
        BatchChecks.Validate(imageFeatures, settings);
        var results = new GeneratedSequence[imageFeatures.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = Generate(imageFeatures[i], promptTokenIds, settings, onToken: null, cancellationToken);
        }

        return results;
    }
}
