using System.Diagnostics;
using System.Numerics.Tensors;
using Florence2.Generation;
using Florence2.Imaging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Florence2.Benchmarks.Floor;

/// <summary>
/// The floor: the least a program can do to get a greedy answer out of the four ONNX Runtime sessions, driven over
/// the very session objects a loaded <see cref="Florence2Model"/> holds (so options, threads, arena and optimized
/// graphs are the same by construction). OrtValue API only; the decoder's cache outputs are fed back as they are;
/// the encoder's output is fed to the decoder without a copy; the next token is a plain argmax. The image is
/// preprocessed by the library's own <see cref="ImagePreprocessor"/> (the same work on both sides), straight into
/// the pixel tensor. Float32 model files only. Not thread-safe.
/// </summary>
internal sealed class PlainLoop : IDisposable
{
    private readonly InferenceSession _vision;
    private readonly InferenceSession _embed;
    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;
    private readonly ImagePreprocessor _preprocessor;
    private readonly DecoderSignature _signature;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue _useCacheFalse = OrtValue.CreateTensorValueFromMemory(new[] { false }, [1]);
    private readonly OrtValue _useCacheTrue = OrtValue.CreateTensorValueFromMemory(new[] { true }, [1]);
    private readonly long[] _token = new long[1];
    private readonly OrtValue _tokenTensor;

    public PlainLoop(Florence2Model model)
    {
        var vision = (Vision.OnnxVisionEncoder)model.VisionEncoder;
        var (embed, encoder, decoder, signature) = ((OnnxTextDecoder)model.TextDecoder).Parts;
        _vision = vision.Session.Session;
        _preprocessor = vision.Preprocessor;
        _embed = embed.Session;
        _encoder = encoder.Session;
        _decoder = decoder.Session;
        _signature = signature;
        _tokenTensor = OrtValue.CreateTensorValueFromMemory(_token, [1, 1]);
    }

    /// <summary>Time spent inside Run during the last call.</summary>
    public TimeSpan InferenceTime { get; private set; }

    /// <summary>Of <see cref="InferenceTime"/>: the vision encoder, the text encoder (with the prompt's embedding), the decoder steps.</summary>
    public (TimeSpan Vision, TimeSpan TextEncoder, TimeSpan Decoder) StageInference { get; private set; }

    /// <summary>Greedy answer ids (start token first) for one image and a tokenized prompt.</summary>
    public List<long> Generate(ImageInput image, IReadOnlyList<int> promptIds, int decoderStart, int eos, int maxNewTokens)
    {
        long inside = 0;
        IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, string[] inputNames, OrtValue[] inputs, string[] outputNames)
        {
            var start = Stopwatch.GetTimestamp();
            var outputs = session.Run(_runOptions, inputNames, inputs, outputNames);
            inside += Stopwatch.GetTimestamp() - start;
            return outputs;
        }

        var settings = _preprocessor.Settings;
        using var pixels = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [1, 3, settings.TargetHeight, settings.TargetWidth]);
        _preprocessor.Preprocess(image, pixels.GetTensorMutableDataAsSpan<float>(), CancellationToken.None);
        using var features = Run(_vision, ["pixel_values"], [pixels], ["image_features"]);
        var visionMark = inside;

        var ids = promptIds.Select(i => (long)i).ToArray();
        using var idTensor = OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]);
        using var promptEmbeds = Run(_embed, _signature.EmbedInputNames, [idTensor], _signature.EmbedOutputNames);
        var imageValues = features[0].GetTensorDataAsSpan<float>();
        var promptValues = promptEmbeds[0].GetTensorDataAsSpan<float>();
        var d = _signature.Config.DModel;
        var length = (imageValues.Length + promptValues.Length) / d;
        using var joined = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [1, length, d]);
        var joinedValues = joined.GetTensorMutableDataAsSpan<float>();
        imageValues.CopyTo(joinedValues);
        promptValues.CopyTo(joinedValues[imageValues.Length..]);
        var ones = new long[length];
        Array.Fill(ones, 1L);
        using var mask = OrtValue.CreateTensorValueFromMemory(ones, [1, length]);
        using var hidden = Run(_encoder, [DecoderSignature.InputsEmbeds, DecoderSignature.AttentionMask], [joined, mask], [DecoderSignature.LastHiddenState]);
        var encoderMark = inside;

        var layers = _signature.Config.DecoderLayers;
        var cacheCount = 2 * layers;
        var heads = _signature.Config.DecoderHeads;
        var headDim = _signature.Config.DecoderHeadDim;
        var inputs = new OrtValue[4 + (2 * cacheCount)];
        var pastDecoder = new OrtValue[cacheCount];
        var pastEncoder = new OrtValue[cacheCount];
        var empty = new List<OrtValue>();
        for (var i = 0; i < 2 * cacheCount; i++)
        {
            empty.Add(OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [1, heads, 0, headDim]));
        }

        var answer = new List<long> { decoderStart };
        try
        {
            _token[0] = decoderStart;
            for (var step = 0; step < maxNewTokens; step++)
            {
                using var embeds = Run(_embed, _signature.EmbedInputNames, [_tokenTensor], _signature.EmbedOutputNames);
                inputs[0] = mask;
                inputs[1] = hidden[0];
                inputs[2] = embeds[0];
                inputs[3] = step == 0 ? _useCacheFalse : _useCacheTrue;
                for (var i = 0; i < cacheCount; i++)
                {
                    inputs[4 + i] = step == 0 ? empty[i] : pastDecoder[i];
                    inputs[4 + cacheCount + i] = step == 0 ? empty[cacheCount + i] : pastEncoder[i];
                }

                var outputs = Run(_decoder, _signature.DecoderInputNames, inputs, _signature.DecoderOutputNames);
                var next = TensorPrimitives.IndexOfMax(outputs[0].GetTensorDataAsSpan<float>());
                outputs[0].Dispose();
                for (var layer = 0; layer < layers; layer++)
                {
                    for (var j = 0; j < 2; j++)
                    {
                        var c = (2 * layer) + j;
                        pastDecoder[c]?.Dispose();
                        pastDecoder[c] = outputs[1 + (4 * layer) + j];
                        var encoderPresent = outputs[1 + (4 * layer) + 2 + j];
                        if (step == 0)
                        {
                            pastEncoder[c] = encoderPresent;
                        }
                        else
                        {
                            encoderPresent.Dispose();
                        }
                    }
                }

                answer.Add(next);
                _token[0] = next;
                if (next == eos)
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (var value in pastDecoder.Concat(pastEncoder).Concat(empty))
            {
                value?.Dispose();
            }
        }

        InferenceTime = Stopwatch.GetElapsedTime(0, inside);
        StageInference = (Stopwatch.GetElapsedTime(0, visionMark), Stopwatch.GetElapsedTime(visionMark, encoderMark), Stopwatch.GetElapsedTime(encoderMark, inside));
        return answer;
    }

    public void Dispose()
    {
        _tokenTensor.Dispose();
        _useCacheFalse.Dispose();
        _useCacheTrue.Dispose();
        _runOptions.Dispose();
    }
}
