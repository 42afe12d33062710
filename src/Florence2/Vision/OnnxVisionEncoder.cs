using System.Buffers;
using System.Diagnostics;
using Florence2.Imaging;
using Florence2.Runtime;
using Florence2.Telemetry;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Florence2.Vision;

/// <summary>
/// <see cref="IVisionEncoder"/> over <c>vision_encoder.onnx</c>: preprocesses straight into the session's input
/// tensor (float32 files) or through a pooled buffer (float16 files). Thread-safe.
/// </summary>
internal sealed class OnnxVisionEncoder : IVisionEncoder, IBatchVisionEncoder
{
    private const string PixelValues = "pixel_values";
    private const string ImageFeaturesName = "image_features";

    private readonly OnnxModelSession _session;
    private readonly ImagePreprocessor _preprocessor;
    private readonly ImagePreprocessingSettings _settings;
    private readonly string[] _inputNames = [PixelValues];
    private readonly string[] _outputNames = [ImageFeaturesName];

    private OnnxVisionEncoder(OnnxModelSession session, ImagePreprocessingSettings settings, ImageDecodingOptions decoding, IImageDecoder? decoder, int featureDimension)
    {
        _session = session;
        _settings = settings;
        _preprocessor = new ImagePreprocessor(settings, decoding, decoder);
        FeatureDimension = featureDimension;
    }

    public int FeatureDimension { get; }

    /// <summary>The session, for the benchmarks' floor (a plain loop over the same sessions).</summary>
    internal OnnxModelSession Session => _session;

    /// <summary>The preprocessing this encoder applies, for the benchmarks' floor.</summary>
    internal ImagePreprocessor Preprocessor => _preprocessor;

    public static OnnxVisionEncoder Open(SessionFactory sessions, ImagePreprocessingSettings settings, ImageDecodingOptions decoding, int featureDimension, IImageDecoder? decoder = null)
    {
        var request = Request(settings, featureDimension);
        var session = sessions.Open(request.Module, request.Inputs, request.Outputs);
        return new OnnxVisionEncoder(session, settings, decoding, decoder, featureDimension);
    }

    /// <summary>The vision session with the tensors its file must have.</summary>
    public static SessionRequest Request(ImagePreprocessingSettings settings, int featureDimension) =>
        // A file with a fixed input size must take the configured one (a symbolic size takes anything and is probed at load).
        new(ModelModule.VisionEncoder,
            [new TensorSpec(PixelValues, TensorKind.Floating, [null, 3, settings.TargetHeight, settings.TargetWidth])],
            [new TensorSpec(ImageFeaturesName, TensorKind.Floating, [null, null, featureDimension])]);

    /// <summary>
    /// Runs the vision model once on a blank image of the configured size and returns how many image tokens it gives:
    /// a size the model cannot take fails here, at load, and not at the first call. The run also warms the session up.
    /// </summary>
    /// <exception cref="ModelConfigException">The model cannot take images of the configured size; names the preprocessor file and key.</exception>
    public int ProbeImageTokens(string preprocessorConfigPath, CancellationToken cancellationToken)
    {
        var (height, width) = (_settings.TargetHeight, _settings.TargetWidth);
        using var pixels = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, _session.InputType(PixelValues), [1, 3, height, width]);
        try
        {
            using var run = new OnnxRun(cancellationToken);
            using var outputs = run.Run(_session, _inputNames, [pixels], _outputNames);
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            return shape.Length == 3 && shape[0] == 1 && shape[1] > 0 && shape[2] == FeatureDimension
                ? checked((int)shape[1])
                : throw new ModelConfigException(preprocessorConfigPath, "size",
                    $"'{_session.FilePath}' turns {width}×{height} images into image_features of shape [{string.Join(", ", shape)}]; expected [1, tokens, {FeatureDimension}].");
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelConfigException(preprocessorConfigPath, "size",
                $"the vision encoder '{_session.FilePath}' cannot take {width}×{height} images, the size this file asks for ({e.Message}). "
                + "Use the size the model was exported for (768 × 768 for Florence-2).", e);
        }
    }

    public ImageFeatures Encode(ImageInput image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var clock = Stopwatch.StartNew();
        var height = _settings.TargetHeight;
        var width = _settings.TargetWidth;
        var count = 3 * height * width;
        var type = _session.InputType(PixelValues);
        using var pixels = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, [1, 3, height, width]);
        ImageSize size;
        using (Instruments.Source.StartActivity(Florence2Telemetry.PreprocessActivity))
        {
            if (type == TensorElementType.Float)
            {
                size = _preprocessor.Preprocess(image, pixels.GetTensorMutableDataAsSpan<float>(), cancellationToken);
            }
            else
            {
                var buffer = ArrayPool<float>.Shared.Rent(count);
                try
                {
                    size = _preprocessor.Preprocess(image, buffer.AsSpan(0, count), cancellationToken);
                    OrtTensors.WriteFloating(pixels, buffer.AsSpan(0, count));
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(buffer);
                }
            }
        }

        var preprocessing = clock.Elapsed;
        clock.Restart();
        using var activity = Instruments.Source.StartActivity(Florence2Telemetry.VisionEncoderActivity);
        using var run = new OnnxRun(cancellationToken);
        using var outputs = run.Run(_session, _inputNames, [pixels], _outputNames);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        if (shape.Length != 3 || shape[0] != 1 || shape[2] != FeatureDimension)
        {
            throw new Florence2Exception(
                $"'{_session.FilePath}' returned image_features of shape [{string.Join(", ", shape)}]; expected [1, tokens, {FeatureDimension}].");
        }

        var values = new float[shape[1] * shape[2]];
        OrtTensors.ReadFloating(outputs[0], values);
        return new ImageFeatures(values, checked((int)shape[1]), FeatureDimension, size)
        {
            PreprocessingTime = preprocessing,
            EncodingTime = clock.Elapsed,
            InferenceTime = run.InferenceTime,
        };
    }

    /// <summary>
    /// Preprocesses each image into the next free row of one pixel batch (a failed image leaves no row), runs the
    /// vision model once over the rows and splits its output. Preprocessing time is each image's own; the model
    /// time is the batch's, shared evenly.
    /// </summary>
    public VisionBatchItem[] EncodeBatch(IReadOnlyList<ImageInput> images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        var items = new VisionBatchItem[images.Count];
        var perImage = 3 * _settings.TargetHeight * _settings.TargetWidth;
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, images.Count) * perImage);
        try
        {
            var rowOf = new int[images.Count];
            var sizes = new ImageSize[images.Count];
            var preprocessing = new TimeSpan[images.Count];
            var rows = 0;
            using (Instruments.Source.StartActivity(Florence2Telemetry.PreprocessActivity))
            {
                for (var i = 0; i < images.Count; i++)
                {
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        ArgumentNullException.ThrowIfNull(images[i], "image");
                        sizes[i] = _preprocessor.Preprocess(images[i], buffer.AsSpan(rows * perImage, perImage), cancellationToken);
                        preprocessing[i] = clock.Elapsed;
                        rowOf[i] = rows++;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        rowOf[i] = -1;
                        items[i] = new VisionBatchItem(null, e);
                    }
                }
            }

            if (rows == 0)
            {
                return items;
            }

            var encoding = Stopwatch.StartNew();
            using var pixels = OrtTensors.CreateFloating(buffer.AsSpan(0, rows * perImage), [rows, 3, _settings.TargetHeight, _settings.TargetWidth],
                _session.InputType(PixelValues));
            using var activity = Instruments.Source.StartActivity(Florence2Telemetry.VisionEncoderActivity);
            using var run = new OnnxRun(cancellationToken);
            using var outputs = run.Run(_session, _inputNames, [pixels], _outputNames);
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            if (shape.Length != 3 || shape[0] != rows || shape[2] != FeatureDimension)
            {
                throw new Florence2Exception(
                    $"'{_session.FilePath}' returned image_features of shape [{string.Join(", ", shape)}]; expected [{rows}, tokens, {FeatureDimension}].");
            }

            var tokens = checked((int)shape[1]);
            var share = encoding.Elapsed / rows;
            var inferenceShare = run.InferenceTime / rows;
            for (var i = 0; i < images.Count; i++)
            {
                if (rowOf[i] < 0)
                {
                    continue;
                }

                var values = new float[tokens * FeatureDimension];
                OrtTensors.ReadFloating(outputs[0], values, (long)rowOf[i] * values.Length);
                items[i] = new VisionBatchItem(new ImageFeatures(values, tokens, FeatureDimension, sizes[i])
                {
                    PreprocessingTime = preprocessing[i],
                    EncodingTime = share,
                    InferenceTime = inferenceShare,
                }, null);
            }

            return items;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _session.Dispose();
}
