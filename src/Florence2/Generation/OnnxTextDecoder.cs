using System.Buffers;
using System.Diagnostics;
using Florence2.Runtime;
using Florence2.Telemetry;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

using Florence2.Model;

namespace Florence2.Generation;

/// <summary>
/// <see cref="ITextDecoder"/> over <c>embed_tokens.onnx</c>, <c>encoder_model.onnx</c> and
/// <c>decoder_model_merged.onnx</c>. Thread-safe: sessions are shared, every call has its own cache and buffers.
/// </summary>
internal sealed class OnnxTextDecoder : ITextDecoder
{
    private readonly OnnxModelSession _embed;
    private readonly OnnxModelSession _encoder;
    private readonly OnnxModelSession _decoder;
    private readonly DecoderSignature _signature;
    private readonly string[] _encoderInputNames = [DecoderSignature.InputsEmbeds, DecoderSignature.AttentionMask];
    private readonly string[] _encoderOutputNames = [DecoderSignature.LastHiddenState];

    private OnnxTextDecoder(OnnxModelSession embed, OnnxModelSession encoder, OnnxModelSession decoder, DecoderSignature signature)
    {
        _embed = embed;
        _encoder = encoder;
        _decoder = decoder;
        _signature = signature;
    }

    public int MaxEncoderLength => _signature.Config.MaxPositionEmbeddings;

    /// <summary>The sessions and tensor names, for the benchmarks' floor (a plain loop over the same sessions).</summary>
    internal (OnnxModelSession Embed, OnnxModelSession Encoder, OnnxModelSession Decoder, DecoderSignature Signature) Parts => (_embed, _encoder, _decoder, _signature);

    /// <summary>Test seam: called before every decoder run with the step index and the input values.</summary>
    internal Action<int, OrtValue[]>? BeforeDecoderStep { get; set; }

    /// <summary>The three text sessions with the tensors their files must have.</summary>
    public static SessionRequest[] Requests(TextModelConfig config)
    {
        var signature = new DecoderSignature(config);
        return
        [
            new(ModelModule.EmbedTokens, signature.EmbedInputs, signature.EmbedOutputs),
            new(ModelModule.Encoder, signature.EncoderInputs, signature.EncoderOutputs),
            new(ModelModule.Decoder, signature.DecoderInputs, signature.DecoderOutputs),
        ];
    }

    public static OnnxTextDecoder Open(TextModelConfig config, SessionFactory sessions)
    {
        var signature = new DecoderSignature(config);
        var opened = new List<IDisposable>();
        try
        {
            var embed = sessions.Open(ModelModule.EmbedTokens, signature.EmbedInputs, signature.EmbedOutputs);
            opened.Add(embed);
            var encoder = sessions.Open(ModelModule.Encoder, signature.EncoderInputs, signature.EncoderOutputs);
            opened.Add(encoder);
            var decoder = sessions.Open(ModelModule.Decoder, signature.DecoderInputs, signature.DecoderOutputs);
            return new OnnxTextDecoder(embed, encoder, decoder, signature);
        }
        catch
        {
            foreach (var session in opened)
            {
                session.Dispose();
            }

            throw;
        }
    }

    public GeneratedSequence Generate(ImageFeatures imageFeatures, IReadOnlyList<int> promptTokenIds, GenerationSettings settings, Action<int>? onToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(imageFeatures);
        Validate(imageFeatures, promptTokenIds, settings);
        if (onToken is not null && settings.NumBeams > 1)
        {
            throw new ArgumentException($"Tokens can be streamed only with greedy decoding (NumBeams = 1), not with {settings.NumBeams} beams.", nameof(onToken));
        }

        using var run = new OnnxRun(cancellationToken);
        var clock = Stopwatch.StartNew();
        var rows = settings.NumBeams;
        OrtValue hidden, mask;
        using (Instruments.Source.StartActivity(Florence2Telemetry.TextEncoderActivity))
        {
            (hidden, mask) = Encode(run, [imageFeatures], promptTokenIds, rows);
        }

        var encodingTime = clock.Elapsed;
        var encodingInference = run.InferenceTime;
        var decodingMark = run.InferenceTicks;

        clock.Restart();
        using var activity = Instruments.Source.StartActivity(Florence2Telemetry.DecoderActivity);
        using var stepDecoder = new OnnxStepDecoder(_embed, _decoder, _signature, run, rows, hidden, mask, BeforeDecoderStep);
        var result = rows == 1
            ? GreedySearch.Run(stepDecoder, settings, onToken, cancellationToken)
            : BeamSearch.Run(stepDecoder, settings, cancellationToken);
        activity?.SetTag("florence2.decoder_steps", result.Steps);
        return ToSequence(result, settings, encodingTime, clock.Elapsed, encodingInference, run.InferenceTimeSince(decodingMark));
    }

    /// <summary>
    /// Embeds the shared prompt once, runs the encoder once over all images (one row each) and decodes them
    /// together with <see cref="BatchGreedySearch"/>. Encoder and decoder time are the batch's, shared evenly.
    /// </summary>
    public IReadOnlyList<GeneratedSequence> GenerateBatch(IReadOnlyList<ImageFeatures> imageFeatures, IReadOnlyList<int> promptTokenIds, GenerationSettings settings,
        CancellationToken cancellationToken = default)
    {
        BatchChecks.Validate(imageFeatures, settings);
        Validate(imageFeatures[0], promptTokenIds, settings);
        using var run = new OnnxRun(cancellationToken);
        var clock = Stopwatch.StartNew();
        var rows = imageFeatures.Count;
        OrtValue hidden, mask;
        using (Instruments.Source.StartActivity(Florence2Telemetry.TextEncoderActivity))
        {
            (hidden, mask) = Encode(run, imageFeatures, promptTokenIds, rowsPerImage: 1);
        }

        var encodingTime = clock.Elapsed / rows;
        var encodingInference = run.InferenceTime / rows;
        var decodingMark = run.InferenceTicks;
        clock.Restart();
        using var activity = Instruments.Source.StartActivity(Florence2Telemetry.DecoderActivity);
        using var stepDecoder = new OnnxStepDecoder(_embed, _decoder, _signature, run, rows, hidden, mask, BeforeDecoderStep);
        var searches = BatchGreedySearch.Run(stepDecoder, rows, settings, cancellationToken);
        var decodingTime = clock.Elapsed / rows;
        var decodingInference = run.InferenceTimeSince(decodingMark) / rows;
        var sequences = new GeneratedSequence[rows];
        for (var r = 0; r < rows; r++)
        {
            sequences[r] = ToSequence(searches[r], settings, encodingTime, decodingTime, encodingInference, decodingInference);
        }

        return sequences;
    }

    public void Dispose()
    {
        _embed.Dispose();
        _encoder.Dispose();
        _decoder.Dispose();
    }

    private static GeneratedSequence ToSequence(SearchResult result, GenerationSettings settings, TimeSpan encodingTime, TimeSpan decodingTime,
        TimeSpan encodingInference, TimeSpan decodingInference)
    {
        var tokens = new int[result.Tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = checked((int)result.Tokens[i]);
        }

        // At the limit the last token was forced (or cut): the model did not choose to stop there.
        var truncated = tokens.Length >= settings.MaxLength;
        return new GeneratedSequence(tokens, result.TokenLogProbs, truncated, result.Score, result.Steps, encodingTime, decodingTime)
        {
            EncodingInferenceTime = encodingInference,
            DecodingInferenceTime = decodingInference,
        };
    }

    private void Validate(ImageFeatures imageFeatures, IReadOnlyList<int> promptTokenIds, GenerationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(promptTokenIds);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (promptTokenIds.Count == 0)
        {
            throw new ArgumentException("The prompt has no tokens; it needs at least <s> and </s>.", nameof(promptTokenIds));
        }

        if (imageFeatures.Dimension != _signature.Config.DModel)
        {
            throw new ArgumentException(
                $"Image features have width {imageFeatures.Dimension}, but the text model's d_model is {_signature.Config.DModel}.", nameof(imageFeatures));
        }

        // Position limits are the model's to check (Florence2Model), once per call and for every text decoder.
    }

    /// <summary>
    /// Embeds the prompt once, joins [image features; prompt embeddings] for each image with an all-ones mask, runs
    /// the encoder over all images as one batch and returns its output with each image's row repeated
    /// <paramref name="rowsPerImage"/> times (the beams), in the decoder's element type, with the matching mask.
    /// </summary>
    private (OrtValue Hidden, OrtValue Mask) Encode(OnnxRun run, IReadOnlyList<ImageFeatures> images, IReadOnlyList<int> promptTokenIds, int rowsPerImage)
    {
        var count = images.Count;
        var d = images[0].Dimension;
        var imageTokens = images[0].TokenCount;
        var promptLength = promptTokenIds.Count;
        var length = imageTokens + promptLength;
        var perImage = length * d;
        var ids = new long[promptLength];
        for (var i = 0; i < promptLength; i++)
        {
            ids[i] = promptTokenIds[i];
        }

        var joined = ArrayPool<float>.Shared.Rent(count * perImage);
        try
        {
            using (var idTensor = OrtTensors.Int64(ids, [1, promptLength]))
            using (var embedOutputs = run.Run(_embed, _signature.EmbedInputNames, [idTensor], _signature.EmbedOutputNames))
            {
                var prompt = joined.AsSpan(imageTokens * d, promptLength * d);
                OrtTensors.ReadFloating(embedOutputs[0], prompt);
                for (var b = 0; b < count; b++)
                {
                    images[b].Values.Span.CopyTo(joined.AsSpan(b * perImage));
                    if (b > 0)
                    {
                        prompt.CopyTo(joined.AsSpan((b * perImage) + (imageTokens * d)));
                    }
                }
            }

            var ones = new long[count * length];
            Array.Fill(ones, 1L);
            using var encoderInput = OrtTensors.CreateFloating(joined.AsSpan(0, count * perImage), [count, length, d], _encoder.InputType(DecoderSignature.InputsEmbeds));
            using var maskTensor = OrtTensors.Int64(ones, [count, length]);
            using (var encoderOutputs = run.Run(_encoder, _encoderInputNames, [encoderInput, maskTensor], _encoderOutputNames))
            {
                OrtTensors.ReadFloating(encoderOutputs[0], joined.AsSpan(0, count * perImage));
            }

            var rows = count * rowsPerImage;
            var hidden = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, _decoder.InputType(DecoderSignature.EncoderHiddenStates), [rows, length, d]);
            try
            {
                if (rowsPerImage == 1)
                {
                    OrtTensors.WriteFloating(hidden, joined.AsSpan(0, count * perImage));
                }
                else
                {
                    // One image with beams: write its row, then copy it to the other beam rows.
                    OrtTensors.WriteFloating(hidden, joined.AsSpan(0, perImage));
                    var bytes = hidden.GetTensorMutableRawData();
                    var rowBytes = bytes.Length / rows;
                    for (var r = 1; r < rows; r++)
                    {
                        bytes[..rowBytes].CopyTo(bytes.Slice(r * rowBytes, rowBytes));
                    }
                }
            }
            catch
            {
                hidden.Dispose();
                throw;
            }

            var rowMask = new long[rows * length];
            Array.Fill(rowMask, 1L);
            return (hidden, OrtTensors.Int64(rowMask, [rows, length]));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(joined);
        }
    }
}
