using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Florence2.Generation;
using Florence2.Imaging;
using Florence2.Model;
using Florence2.Runtime;
using Florence2.Tasks;
using Florence2.Telemetry;
using Florence2.Tokenization;
using Florence2.Vision;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Florence2;

/// <summary>
/// A loaded Florence-2 model: the facade over the pipeline image → vision encoder → prompt → text encoder →
/// decoder → text → typed result. Owns its stages and their ONNX Runtime sessions; dispose it to free them.
/// Thread-safe: any number of calls may run at once (each has its own decoder cache). The typed task methods
/// (<c>DetectObjects</c>, <c>Caption</c>, ...) are extension methods over <see cref="IFlorence2Model"/>.
/// </summary>
/// <remarks>
/// <see cref="Dispose"/> and <see cref="DisposeAsync"/> may be called while calls are running, from another thread: they
/// stop them at their next decoder step (or ONNX Runtime run), wait until every call has left the model (DisposeAsync
/// without blocking a thread), and only then free the sessions.
/// A call stopped that way throws <see cref="ObjectDisposedException"/> (or <see cref="OperationCanceledException"/> when
/// its own token was cancelled too); a call started after <see cref="Dispose"/> throws <see cref="ObjectDisposedException"/>.
/// Do not dispose the model from inside one of its own calls (a custom stage or a token callback): that waits forever.
/// </remarks>
public sealed partial class Florence2Model : IFlorence2Model
{
    private readonly IVisionEncoder _vision;
    private readonly ITextDecoder _text;
    private readonly FlorenceTokenizer _tokenizer;
    private readonly ILocationTokenParser _parser;
    private readonly ILogger _logger;
    private readonly InFlightGate _calls = new();

    /// <summary>Image tokens per image when the vision stage is known to give a fixed count (the ONNX one, probed at load); 0 otherwise.</summary>
    private readonly int _imageTokens;

    /// <summary>The registration's key in a host (empty for the unkeyed model), null outside one: named in each call's log scope.</summary>
    private readonly string? _key;
    private static readonly string[] StopFinish = ["stop"];
    private static readonly string[] LengthFinish = ["length"];

    private readonly Florence2Metrics _metrics;
    private int _disposed;

    private Florence2Model(IVisionEncoder vision, ITextDecoder text, FlorenceTokenizer tokenizer, ILocationTokenParser parser, Florence2ModelInfo info,
        ILogger? logger, int imageTokens, string? key, Florence2Metrics metrics)
    {
        _key = key;
        _metrics = metrics;
        _vision = vision;
        _text = text;
        _tokenizer = tokenizer;
        _parser = parser;
        _logger = logger ?? NullLogger.Instance;
        Info = info;
        _imageTokens = imageTokens;
    }

    /// <inheritdoc />
    public Florence2ModelInfo Info { get; }

    /// <summary>The text stage, for the benchmarks' per-step measurements.</summary>
    internal ITextDecoder TextDecoder => _text;

    /// <summary>The vision stage, for the benchmarks' floor (a plain loop over the same sessions).</summary>
    internal IVisionEncoder VisionEncoder => _vision;

    /// <summary>
    /// Loads a model folder in the onnx-community layout (<c>onnx/*.onnx</c>, <c>config.json</c>,
    /// <c>generation_config.json</c>, <c>preprocessor_config.json</c>, tokenizer files) and checks every session's
    /// tensors against the configuration.
    /// </summary>
    /// <param name="modelDirectory">The model folder.</param>
    /// <param name="options">Variants, providers and session settings; null for the defaults. Copied: later changes have no effect.</param>
    /// <param name="cancellationToken">Cancels the load between sessions.</param>
    /// <exception cref="ModelFileMissingException">A required file is missing; the message names it.</exception>
    /// <exception cref="ModelSignatureException">A tensor is missing or has the wrong type or shape.</exception>
    /// <exception cref="ModelConfigException">A configuration value is malformed or unusable.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">No listed provider works and CPU fallback is off.</exception>
    /// <exception cref="ArgumentException">A setting in <paramref name="options"/> is invalid.</exception>
    public static Florence2Model Load(string modelDirectory, Florence2ModelOptions? options = null, CancellationToken cancellationToken = default) =>
        Load(modelDirectory, options ?? new Florence2ModelOptions(), new Florence2LoadContext(), cancellationToken);

    /// <summary>The load, with what a host or a Hub download adds (<see cref="Florence2LoadContext"/>).</summary>
    internal static Florence2Model Load(string modelDirectory, Florence2ModelOptions options, Florence2LoadContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        options.Validate();
        var loggerFactory = options.LoggerFactory ?? context.HostLoggerFactory;
        var runtime = options.ToRuntimeSettings(loggerFactory);
        var folder = ModelFolder.Open(modelDirectory);
        folder.RequireModules(options.Variants);
        var modelId = context.ModelId ?? Path.GetFileName(folder.Directory.TrimEnd(Path.DirectorySeparatorChar));
        using var span = Instruments.Source.StartActivity(Florence2Telemetry.LoadActivity);
        span?.SetTag(Florence2Telemetry.RequestModelAttribute, modelId);
        span?.SetTag("florence2.model.directory", folder.Directory);
        using var sessions = new SessionFactory(folder, runtime);
        var config = JsonConfigFile.Load(folder.ConfigPath);
        var textConfig = TextModelConfig.Load(config);
        var tokenizer = FlorenceTokenizer.Load(folder.Directory);
        if (tokenizer.VocabularySize > textConfig.VocabSize)
        {
            throw new ModelConfigException(folder.ConfigPath, "text_config.vocab_size",
                $"is {textConfig.VocabSize}, but the tokenizer has {tokenizer.VocabularySize} tokens; they must agree.");
        }

        var defaults = GenerationDefaults.Load(config, JsonConfigFile.LoadOptional(folder.GenerationConfigPath),
            tokenizer.EosTokenId, tokenizer.BosTokenId, textConfig.MaxPositionEmbeddings, textConfig.VocabSize);
        var preprocessing = ImagePreprocessingSettings.Load(JsonConfigFile.Load(folder.PreprocessorConfigPath));

        cancellationToken.ThrowIfCancellationRequested();
        sessions.OpenAll([OnnxVisionEncoder.Request(preprocessing, textConfig.DModel), .. OnnxTextDecoder.Requests(textConfig)], cancellationToken);
        var vision = OnnxVisionEncoder.Open(sessions, preprocessing, options.ImageDecoding, textConfig.DModel, options.ImageDecoder);
        try
        {
            var imageTokens = vision.ProbeImageTokens(folder.PreprocessorConfigPath, cancellationToken);
            if (imageTokens > textConfig.MaxPositionEmbeddings - 2)
            {
                throw new ModelConfigException(folder.ConfigPath, "text_config.max_position_embeddings",
                    $"is {textConfig.MaxPositionEmbeddings}, but the vision encoder gives {imageTokens} image tokens for the configured image size, "
                    + "which leaves no room for a prompt (at least <s> and </s>). The image size in preprocessor_config.json or this value is wrong.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            var text = OnnxTextDecoder.Open(textConfig, sessions);
            var logger = loggerFactory?.CreateLogger<Florence2Model>();
            if (logger is not null)
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    var variants = string.Join(", ", Enum.GetValues<ModelModule>().Select(m => $"{m}={options.Variants.Of(m)}"));
                    var providers = string.Join(", ", sessions.UsedProviders().Select(p => $"{p.Key}={p.Value}"));
                    var keyText = KeyText(context.Key);
                    Log.ModelLoaded(logger, keyText, folder.Directory, clock.Elapsed.TotalSeconds, variants, providers, textConfig.DModel, textConfig.DecoderLayers);
                }

                foreach (var resolution in sessions.Resolutions)
                {
                    if (resolution.Skipped.Count > 0)
                    {
                        Log.ProviderSkipped(logger, resolution.Module, resolution.Used.ToString(), string.Join("; ", resolution.Skipped));
                    }
                }
            }

            var info = new Florence2ModelInfo
            {
                ModelId = modelId,
                Directory = folder.Directory,
                DefaultGenerationSettings = defaults,
                MaxPositions = text.MaxEncoderLength,
                ExecutionProviders = sessions.UsedProviders(),
            };
            var model = new Florence2Model(vision, text, tokenizer, options.LocationTokenParser ?? LocationTokenParser.Instance, info, logger, imageTokens, context.Key,
                Florence2Metrics.For(context.MeterFactory));
            model.StartMicroBatching(options.MicroBatching);
            return model;
        }
        catch
        {
            vision.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads a model by Hugging Face Hub id (<c>onnx-community/Florence-2-base-ft</c>, see <see cref="Florence2Models"/>)
    /// or local folder. An id is downloaded into the Hub cache first (only the files the chosen variants need; resumed,
    /// verified, shared with Python's <c>huggingface_hub</c>); a folder that exists is loaded as it is, and an argument
    /// that reads as a path to a missing folder is refused at once, without asking the Hub.
    /// </summary>
    /// <param name="modelIdOrDirectory">A Hub repository id, or a folder in the onnx-community layout.</param>
    /// <param name="options">Variants, providers and session settings.</param>
    /// <param name="hub">Endpoint, token, cache and offline mode; null reads the <c>HF_*</c> environment variables.</param>
    /// <param name="revision">Branch, tag or commit of the repository.</param>
    /// <param name="progress">Download progress per file.</param>
    /// <param name="cancellationToken">Cancels the download and the load.</param>
    /// <exception cref="ModelFileMissingException">
    /// <paramref name="modelIdOrDirectory"/> reads as a folder path (it starts with <c>./</c>, <c>../</c> or <c>~</c>, is
    /// absolute, holds a backslash or more than one <c>/</c>, or starts with a local folder) but the folder does not
    /// exist; nothing is asked of the Hub. Also a file the model folder lacks.
    /// </exception>
    /// <exception cref="HubException">The download failed; the derived type says why.</exception>
    public static async Task<Florence2Model> LoadAsync(string modelIdOrDirectory, Florence2ModelOptions? options = null, HubOptions? hub = null,
        string revision = "main", IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelIdOrDirectory);
        if (Florence2.Hub.LocalModelFolder.Exists(modelIdOrDirectory))
        {
            return await Task.Run(() => Load(modelIdOrDirectory, options, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        // A path that names no folder would otherwise go to the Hub as an id, and fail there slowly and obscurely.
        if (Florence2.Hub.LocalModelFolder.PathReason(modelIdOrDirectory) is { } pathReason)
        {
            throw Florence2.Hub.LocalModelFolder.Missing(modelIdOrDirectory, pathReason);
        }

        string directory;
        using (Instruments.Source.StartActivity(Florence2Telemetry.DownloadActivity)?.SetTag(Florence2Telemetry.RequestModelAttribute, modelIdOrDirectory))
        {
            using var downloader = new HubDownloader(hub ?? HubOptions.FromEnvironment(), options?.LoggerFactory?.CreateLogger<HubDownloader>());
            directory = await downloader.DownloadModelAsync(modelIdOrDirectory, options?.Variants, revision, progress, cancellationToken).ConfigureAwait(false);
        }

        var context = new Florence2LoadContext { ModelId = modelIdOrDirectory };
        return await Task.Run(() => Load(directory, options ?? new Florence2ModelOptions(), context, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Builds a model from your own stages, with the tokenizer and generation defaults of a model folder. The
    /// model takes ownership of both stages and disposes them. <paramref name="parser"/> defaults to
    /// <see cref="LocationTokenParser.Instance"/>.
    /// </summary>
    /// <param name="modelDirectory">The folder whose tokenizer and configuration files to use.</param>
    /// <param name="visionEncoder">The vision stage.</param>
    /// <param name="textDecoder">The language stage.</param>
    /// <param name="parser">The answer parser; null for the default.</param>
    /// <param name="loggerFactory">Where the model logs; null logs nothing.</param>
    public static Florence2Model Create(string modelDirectory, IVisionEncoder visionEncoder, ITextDecoder textDecoder, ILocationTokenParser? parser = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(visionEncoder);
        ArgumentNullException.ThrowIfNull(textDecoder);
        var folder = ModelFolder.Open(modelDirectory);
        var config = JsonConfigFile.Load(folder.ConfigPath);
        var tokenizer = FlorenceTokenizer.Load(folder.Directory);
        var maxPositions = config.GetInt("text_config.max_position_embeddings", defaultValue: textDecoder.MaxEncoderLength, min: 2, max: TextModelConfig.MaxPositions);
        var defaults = GenerationDefaults.Load(config, JsonConfigFile.LoadOptional(folder.GenerationConfigPath),
            tokenizer.EosTokenId, tokenizer.BosTokenId, maxPositions, tokenizer.VocabularySize);
        var info = new Florence2ModelInfo
        {
            ModelId = Path.GetFileName(folder.Directory.TrimEnd(Path.DirectorySeparatorChar)),
            Directory = folder.Directory,
            DefaultGenerationSettings = defaults,
            MaxPositions = textDecoder.MaxEncoderLength,
        };
        return new Florence2Model(visionEncoder, textDecoder, tokenizer, parser ?? LocationTokenParser.Instance, info, loggerFactory?.CreateLogger<Florence2Model>(),
            imageTokens: 0, key: null, Florence2Metrics.Shared);
    }

    /// <inheritdoc />
    public EncodedImage EncodeImage(ImageInput image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var call = _calls.Enter(this, cancellationToken);
        using var span = Instruments.Source.StartActivity(Florence2Telemetry.EncodeImageActivity);
        span?.SetTag(Florence2Telemetry.RequestModelAttribute, Info.ModelId);
        try
        {
            return new EncodedImage(_vision.Encode(image, call.Token), this);
        }
        catch (OperationCanceledException cancelled) when (call.Replacement(cancelled, this, cancellationToken) is { } replacement)
        {
            throw replacement;
        }
    }

    /// <inheritdoc />
    public Task<EncodedImage> EncodeImageAsync(ImageInput image, CancellationToken cancellationToken = default) =>
        Task.Run(() => EncodeImage(image, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public TResult Run<TResult>(VisionInput image, Florence2Task<TResult> task, TaskOptions? options = null, CancellationToken cancellationToken = default)
        where TResult : TaskResult
    {
        ArgumentNullException.ThrowIfNull(task);
        options?.Validate();
        var (generation, answer) = RunCall(image, task, options?.Generation, onToken: null, cancellationToken);
        return task.Parse(_parser, generation, answer, options?.MinimumScore ?? 0f);
    }

    /// <inheritdoc />
    public Task<TResult> RunAsync<TResult>(VisionInput image, Florence2Task<TResult> task, TaskOptions? options = null, CancellationToken cancellationToken = default)
        where TResult : TaskResult =>
        Task.Run(() => Run(image, task, options, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<string> StreamTextAsync(VisionInput image, Florence2Task task, GenerationOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(task);
        if (options?.NumBeams is > 1)
        {
            throw new ArgumentException($"Streaming needs greedy decoding (NumBeams = 1); got NumBeams = {options.NumBeams}.", nameof(options));
        }

        var greedy = (options ?? new GenerationOptions()) with { NumBeams = 1 };
        var started = Stopwatch.StartNew();
        var tokens = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        // Stopping the enumeration early (or cancelling) stops the generation too.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var generation = Task.Run(() =>
        {
            try
            {
                RunCall(image, task, greedy, token => tokens.Writer.TryWrite(token), stop.Token);
                tokens.Writer.TryComplete();
            }
            catch (Exception e)
            {
                tokens.Writer.TryComplete(e);
            }
        }, CancellationToken.None);

        try
        {
            var detokenizer = new StreamingDetokenizer(_tokenizer);
            var firstChunk = true;
            await foreach (var token in tokens.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                var piece = detokenizer.Append(token);
                if (piece.Length > 0)
                {
                    RecordFirstChunk(ref firstChunk, started, task);
                    yield return piece;
                }
            }

            var rest = detokenizer.Finish();
            if (rest.Length > 0)
            {
                RecordFirstChunk(ref firstChunk, started, task);
                yield return rest;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await generation.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Running calls are stopped and waited for first: a session must not be freed while a call is inside it.
            _calls.CloseAsync().GetAwaiter().GetResult();
            FreeStages();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _calls.CloseAsync().ConfigureAwait(false);
            FreeStages();
        }
    }

    private void FreeStages()
    {
        _microBatches?.Dispose();
        _calls.Dispose();
        _vision.Dispose();
        _text.Dispose();
    }

    /// <summary>The GenAI time to first chunk of a stream, recorded once, when its first piece of text is handed out.</summary>
    private void RecordFirstChunk(ref bool first, Stopwatch started, Florence2Task task)
    {
        if (first)
        {
            first = false;
            _metrics.TimeToFirstChunk.Record(started.Elapsed.TotalSeconds, new CallTags(Info.ModelId, task.TelemetryName).GenAi());
        }
    }

    /// <summary>One call of one task on one image, inside the call gate, with its span, metrics and logs.</summary>
    private (GenerationResult Generation, AnswerTokens Answer) RunCall(VisionInput image, Florence2Task task, GenerationOptions? options, Action<int>? onToken,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var call = _calls.Enter(this, cancellationToken);
        using var scope = _key is null ? null : Log.CallScope(_logger, KeyText(_key));
        var tags = new CallTags(Info.ModelId, task.TelemetryName);
        using var activity = tags.StartSpan();
        var clock = Stopwatch.StartNew();
        try
        {
            (GenerationResult Generation, AnswerTokens Answer) outcome;
            try
            {
                var settings = Settings(task, options);
                activity?.SetTag(Florence2Telemetry.RequestMaxTokensAttribute, settings.MaxNewTokens);

                // A prompt that does not depend on the image is tokenized first: one too long for the encoder is
                // refused before the image is decoded and encoded.
                var promptIds = task.Prompt is { } fixedPrompt ? Tokenize(fixedPrompt, _imageTokens, call.Token) : null;
                if (_microBatches is { } queue && settings.NumBeams == 1)
                {
                    outcome = RunBatched(queue, image, task, settings, promptIds, onToken, clock, call.Token);
                }
                else
                {
                    var features = FeaturesOf(image, call.Token);
                    outcome = Answer(task, settings, features, promptIds, image is EncodedImage, onToken, clock, call.Token);
                }
            }
            catch (OperationCanceledException cancelled) when (call.Replacement(cancelled, this, cancellationToken) is { } replacement)
            {
                throw replacement;
            }

            Record(activity, tags, outcome.Generation);
            return outcome;
        }
        catch (Exception e)
        {
            RecordFailure(activity, tags, clock.Elapsed, task, e);
            throw;
        }
    }

    /// <summary>The telemetry of a finished call: span attributes in the GenAI conventions, metrics and the log line.</summary>
    private void Record(Activity? activity, CallTags tags, GenerationResult result)
    {
        var inputTokens = result.PromptTokenIds.Count + result.ImageTokenCount;
        var outputTokens = Math.Max(0, result.GeneratedTokenIds.Count - 1); // the decoder start token is given, not generated
        if (activity is not null)
        {
            activity.SetTag(Florence2Telemetry.InputTokensAttribute, inputTokens);
            activity.SetTag(Florence2Telemetry.OutputTokensAttribute, outputTokens);
            activity.SetTag(Florence2Telemetry.FinishReasonsAttribute, result.IsTruncated ? LengthFinish : StopFinish);
            activity.SetTag("florence2.image.width", result.ImageSize.Width);
            activity.SetTag("florence2.image.height", result.ImageSize.Height);
        }

        _metrics.RecordCall(tags, result.Timings, inputTokens, outputTokens);
        Log.Generated(_logger, tags.Task, outputTokens, result.Timings.DecoderSteps, result.Timings.Total.TotalMilliseconds, result.IsTruncated);
        Log.PromptAndAnswer(_logger, result.Prompt, result.Text);
    }

    /// <summary>
    /// The telemetry of a failed call. A cancellation is no failure: its span keeps an unset status and no error is
    /// counted. Refused input is the caller's business and logged at Debug; anything else is an error.
    /// </summary>
    private void RecordFailure(Activity? activity, CallTags tags, TimeSpan elapsed, Florence2Task task, Exception e)
    {
        if (e is OperationCanceledException)
        {
            return;
        }

        var errorType = e.GetType().FullName ?? e.GetType().Name;
        _metrics.RecordFailure(tags, elapsed, errorType);
        activity?.SetTag(Florence2Telemetry.ErrorTypeAttribute, errorType);
        activity?.SetStatus(ActivityStatusCode.Error, e.Message);
        if (IsCallerError(e))
        {
            Log.Refused(_logger, task.TelemetryName, errorType, e.Message);
        }
        else if (e is not ObjectDisposedException)
        {
            Log.Failed(_logger, task.TelemetryName, errorType, e);
        }
    }

    /// <summary>
    /// Everything about a call that can be checked before the image is touched: the merged settings, the decoder's
    /// position limit and the task's free text against the model's reserved tokens.
    /// </summary>
    private GenerationSettings Settings(Florence2Task task, GenerationOptions? options)
    {
        var settings = Info.DefaultGenerationSettings.With(options);
        PositionLimits.CheckDecoder(settings, _text.MaxEncoderLength);
        PromptTextRules.Check(task, _tokenizer, nameof(task));
        return settings;
    }

    /// <summary>The image's features: computed by the vision stage, or taken from an encoded image of this model.</summary>
    private ImageFeatures FeaturesOf(VisionInput image, CancellationToken cancellationToken) => image switch
    {
        EncodedImage encoded => encoded.FeaturesFor(this, nameof(image)),
        ImageInput pixels => _vision.Encode(pixels, cancellationToken),
        _ => throw new ArgumentException($"Unknown kind of input {image.GetType().Name}; pass an ImageInput or an EncodedImage.", nameof(image)),
    };

    /// <summary>
    /// Tokenizes a prompt within the encoder's positions left by <paramref name="imageTokens"/> (0 when unknown):
    /// a text that cannot fit is refused from its length before any tokenization work.
    /// </summary>
    private int[] Tokenize(string prompt, int imageTokens, CancellationToken cancellationToken) =>
        _tokenizer.Encode(prompt, new PromptTokenBudget(imageTokens, _text.MaxEncoderLength, "task"), cancellationToken);

    /// <summary>
    /// The language half of a call: prompt (unless already tokenized), the encoder limit, generation, then the raw
    /// answer. The <paramref name="clock"/> was started when the call began and gives the result's total time.
    /// </summary>
    private (GenerationResult Generation, AnswerTokens Answer) Answer(Florence2Task task, GenerationSettings settings, ImageFeatures features, int[]? promptIds,
        bool featuresGiven, Action<int>? onToken, Stopwatch clock, CancellationToken cancellationToken)
    {
        var prompt = task.PromptFor(features.ImageSize);
        promptIds ??= Tokenize(prompt, features.TokenCount, cancellationToken);
        PositionLimits.CheckEncoder(features.TokenCount, promptIds.Length, _text.MaxEncoderLength, nameof(task));
        var generated = _text.Generate(features, promptIds, settings, onToken, cancellationToken);
        return ToResult(task, prompt, promptIds, features, featuresGiven, generated, clock.Elapsed);
    }

    /// <summary>
    /// Decodes the generated ids into the answer and its <see cref="GenerationResult"/>. Features taken from an
    /// <see cref="EncodedImage"/> cost this call nothing, so their vision timings count as zero.
    /// </summary>
    private (GenerationResult Generation, AnswerTokens Answer) ToResult(Florence2Task task, string prompt, IReadOnlyList<int> promptIds, ImageFeatures features,
        bool featuresGiven, GeneratedSequence generated, TimeSpan total)
    {
        var ids = new int[generated.TokenIds.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = generated.TokenIds[i];
        }

        var rawText = _tokenizer.DecodeWithOffsets(ids, out var tokenEnds);
        var answerText = _tokenizer.CleanUpTokenizationSpaces ? TokenizationSpacesCleanup.Apply(rawText) : rawText;
        var answer = new AnswerTokens(rawText, tokenEnds, generated.TokenLogProbs, generated.IsTruncated, _tokenizer.CleanUpTokenizationSpaces);
        var timings = new StageTimings(featuresGiven ? TimeSpan.Zero : features.PreprocessingTime, featuresGiven ? TimeSpan.Zero : features.EncodingTime,
            generated.EncodingTime, generated.DecodingTime, total, generated.DecoderSteps)
        {
            VisionEncoderInference = featuresGiven ? TimeSpan.Zero : features.InferenceTime,
            TextEncoderInference = generated.EncodingInferenceTime,
            DecoderInference = generated.DecodingInferenceTime,
        };
        var result = new GenerationResult(task.Token, prompt, promptIds, ids, answerText, generated.Score, features.ImageSize, timings)
        {
            TokenLogProbs = generated.TokenLogProbs,
            IsTruncated = generated.IsTruncated,
            ImageTokenCount = features.TokenCount,
        };
        return (result, answer);
    }

    /// <summary>How a registration key reads in the log: "(default)" for the unkeyed model, "(none)" outside a host.</summary>
    private static string KeyText(string? key) => key switch
    {
        null => "(none)",
        "" => "(default)",
        _ => key,
    };

    /// <summary>Whether the call failed on the caller's input (a bad image, region, text or option), not on the model or the runtime.</summary>
    private static bool IsCallerError(Exception e) =>
        e is ArgumentException or InvalidImageException or InvalidRegionException;
}
