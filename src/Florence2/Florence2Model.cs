using System.Diagnostics;
using Florence2.Generation;
using Florence2.Imaging;
using Florence2.Runtime;
using Florence2.Tasks;
using Florence2.Tokenization;
using Florence2.Vision;

namespace Florence2;

/// <summary>
/// A loaded Florence-2 model: the facade over the pipeline image → vision encoder → prompt → text encoder →
/// decoder → text. Owns its stages and their ONNX Runtime sessions; dispose it to free them. Thread-safe: any
/// number of calls may run at once (each has its own decoder cache).
/// </summary>
public sealed class Florence2Model : IFlorence2Model
{
    private readonly IVisionEncoder _vision;
    private readonly ITextDecoder _text;
    private readonly FlorenceTokenizer _tokenizer;
    private int _disposed;

    private Florence2Model(IVisionEncoder vision, ITextDecoder text, FlorenceTokenizer tokenizer, GenerationSettings defaults)
    {
        _vision = vision;
        _text = text;
        _tokenizer = tokenizer;
        DefaultGenerationSettings = defaults;
    }

    /// <summary>The model's generation defaults (from its configuration files); per-call options apply on top.</summary>
    public GenerationSettings DefaultGenerationSettings { get; }

    /// <summary>
    /// Loads a model folder in the onnx-community layout (<c>onnx/*.onnx</c>, <c>config.json</c>,
    /// <c>generation_config.json</c>, <c>preprocessor_config.json</c>, tokenizer files) and checks every session's
    /// tensors against the configuration.
    /// </summary>
    /// <exception cref="ModelFileMissingException">A required file is missing; the message names it.</exception>
    /// <exception cref="ModelSignatureException">A tensor is missing or has the wrong type or shape.</exception>
    /// <exception cref="ModelConfigException">A configuration value is malformed or unusable.</exception>
    public static Florence2Model Load(string modelDirectory, Florence2ModelOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new Florence2ModelOptions();
        var folder = ModelFolder.Open(modelDirectory);
        var config = JsonConfigFile.Load(folder.ConfigPath);
        var textConfig = TextModelConfig.Load(config);
        var tokenizer = FlorenceTokenizer.Load(folder.Directory);
        if (tokenizer.VocabularySize > textConfig.VocabSize)
        {
            throw new ModelConfigException(folder.ConfigPath, "text_config.vocab_size",
                $"is {textConfig.VocabSize}, but the tokenizer has {tokenizer.VocabularySize} tokens; they must agree.");
        }

        var defaults = GenerationDefaults.Load(config, JsonConfigFile.LoadOptional(folder.GenerationConfigPath),
            tokenizer.EosTokenId, tokenizer.BosTokenId, textConfig.MaxPositionEmbeddings);
        var preprocessing = ImagePreprocessingSettings.Load(folder.PreprocessorConfigPath);

        cancellationToken.ThrowIfCancellationRequested();
        var sessions = new SessionFactory(folder, options);
        var vision = OnnxVisionEncoder.Open(sessions, preprocessing, options.ImageDecoding, textConfig.DModel);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = OnnxTextDecoder.Open(textConfig, sessions);
            return new Florence2Model(vision, text, tokenizer, defaults);
        }
        catch
        {
            vision.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Builds a model from your own stages, with the tokenizer and generation defaults of a model folder. The
    /// model takes ownership of both stages and disposes them.
    /// </summary>
    public static Florence2Model Create(string modelDirectory, IVisionEncoder visionEncoder, ITextDecoder textDecoder)
    {
        ArgumentNullException.ThrowIfNull(visionEncoder);
        ArgumentNullException.ThrowIfNull(textDecoder);
        var folder = ModelFolder.Open(modelDirectory);
        var config = JsonConfigFile.Load(folder.ConfigPath);
        var tokenizer = FlorenceTokenizer.Load(folder.Directory);
        var maxPositions = config.GetInt("text_config.max_position_embeddings", defaultValue: textDecoder.MaxEncoderLength, min: 2);
        var defaults = GenerationDefaults.Load(config, JsonConfigFile.LoadOptional(folder.GenerationConfigPath),
            tokenizer.EosTokenId, tokenizer.BosTokenId, maxPositions);
        return new Florence2Model(visionEncoder, textDecoder, tokenizer, defaults);
    }

    /// <inheritdoc />
    public GenerationResult Generate(ImageInput image, string task, string? text = null, GenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentNullException.ThrowIfNull(image);
        var clock = Stopwatch.StartNew();
        var settings = DefaultGenerationSettings.With(options);
        var prompt = TaskPrompt.Build(task, text);
        var promptIds = _tokenizer.Encode(prompt);

        var features = _vision.Encode(image, cancellationToken);
        var generated = _text.Generate(features, promptIds, settings, cancellationToken);
        var ids = new int[generated.TokenIds.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = generated.TokenIds[i];
        }

        var answer = _tokenizer.Decode(ids);
        var timings = new StageTimings(features.PreprocessingTime, features.EncodingTime, generated.EncodingTime,
            generated.DecodingTime, clock.Elapsed, generated.DecoderSteps);
        return new GenerationResult(task, prompt, promptIds, ids, answer, generated.Score, features.ImageSize, timings);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _vision.Dispose();
        _text.Dispose();
    }
}
