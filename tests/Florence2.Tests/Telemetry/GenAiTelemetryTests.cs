using System.Diagnostics;
using System.Diagnostics.Metrics;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Florence2.Tests.Telemetry;

/// <summary>
/// Spans and metrics in the OpenTelemetry GenAI conventions (issue 13), seen through the OpenTelemetry SDK's
/// in-memory exporter: names, attributes and parents of calls, encode-once, batches, streams, loads and failures.
/// Other tests run at the same time, so spans are taken from this test's trace and measurements by this model's name.
/// </summary>
public sealed class GenAiTelemetryTests : IDisposable
{
    private const string Answer = "car<loc_53><loc_333><loc_933><loc_774>";
    private static readonly ActivitySource TestSource = new("Florence2.Tests.GenAi");

    private readonly TempModelFolder _folder = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor(Answer) });
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metering;

    public GenAiTelemetryTests()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(Florence2Telemetry.SourceName, TestSource.Name).AddInMemoryExporter(_spans).Build();
        _metering = Sdk.CreateMeterProviderBuilder().AddMeter(Florence2Telemetry.SourceName).AddInMemoryExporter(_metrics).Build();
    }

    public void Dispose()
    {
        _tracing.Dispose();
        _metering.Dispose();
        _folder.Dispose();
    }

    private string ModelName => Path.GetFileName(_folder.Path);

    [Fact]
    public void A_call_is_a_generate_content_span_with_the_gen_ai_attributes_and_its_stages_as_children()
    {
        using var model = Florence2Model.Load(_folder.Path, TestDecoders.Options());
        DetectionResult result;
        using (var root = TestSource.StartActivity("request"))
        {
            result = model.DetectObjects(TestImages.Input(), new TaskOptions { Generation = new GenerationOptions { NumBeams = 1, MaxNewTokens = 40 } });
        }

        var call = Single(Florence2Telemetry.OperationName);
        Assert.Equal($"generate_content {ModelName}", call.DisplayName);
        Assert.Equal(Single("request").SpanId, call.ParentSpanId);
        Assert.Equal("generate_content", call.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("florence2", call.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(ModelName, call.GetTagItem("gen_ai.request.model"));
        Assert.Equal(ModelName, call.GetTagItem("gen_ai.response.model"));
        Assert.Equal(40, call.GetTagItem("gen_ai.request.max_tokens"));
        Assert.Equal(result.Generation!.PromptTokenIds.Count + 577, call.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(result.Generation.GeneratedTokenIds.Count - 1, call.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(new[] { "stop" }, call.GetTagItem("gen_ai.response.finish_reasons"));
        Assert.Equal(TaskTokens.ObjectDetection, call.GetTagItem(Florence2Telemetry.TaskTag));
        Assert.Equal(ActivityStatusCode.Unset, call.Status);
        Assert.Equal(
            new[] { Florence2Telemetry.DecoderActivity, Florence2Telemetry.PreprocessActivity, Florence2Telemetry.TextEncoderActivity, Florence2Telemetry.VisionEncoderActivity },
            Children(call).Select(s => s.OperationName).Order());
    }

    [Fact]
    public void The_gen_ai_histograms_carry_the_conventions_bucket_boundaries_and_token_types()
    {
        using var model = Florence2Model.Load(_folder.Path, TestDecoders.Options());
        var result = model.DetectObjects(TestImages.Input(), new TaskOptions { Generation = new GenerationOptions { NumBeams = 1 } });
        _metering.ForceFlush();

        var duration = Points("gen_ai.client.operation.duration");
        var point = Assert.Single(duration);
        Assert.Equal(1, point.GetHistogramCount());
        Assert.Equal(
            new[] { 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92 },
            Bounds(point));
        Assert.Equal("generate_content", Tag(point, "gen_ai.operation.name"));

        var usage = Points("gen_ai.client.token.usage");
        Assert.Equal(2, usage.Count);
        var input = usage.Single(p => Equals(Tag(p, "gen_ai.token.type"), "input"));
        var output = usage.Single(p => Equals(Tag(p, "gen_ai.token.type"), "output"));
        Assert.Equal(result.Generation!.PromptTokenIds.Count + 577, (long)input.GetHistogramSum());
        Assert.Equal(result.Generation.GeneratedTokenIds.Count - 1, (long)output.GetHistogramSum());
        Assert.Equal(new double[] { 1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864 }, Bounds(input));
    }

    [Fact]
    public async Task A_cancelled_call_is_not_an_error_and_a_failed_one_is()
    {
        using var model = Florence2Model.Load(_folder.Path, TestDecoders.Options());
        using (TestSource.StartActivity("request"))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.CaptionAsync(TestImages.Input(), cancellationToken: new CancellationToken(true)));
            Assert.ThrowsAny<OperationCanceledException>(() => model.Caption(TestImages.Input(), cancellationToken: new CancellationToken(true)));
            Assert.Throws<InvalidImageException>(() => model.Caption(ImageInput.FromBytes(new byte[] { 1, 2, 3 })));
        }

        _metering.ForceFlush();
        var calls = Spans(Florence2Telemetry.OperationName);
        var failed = Assert.Single(calls, s => s.Status == ActivityStatusCode.Error);
        Assert.Equal(typeof(InvalidImageException).FullName, failed.GetTagItem("error.type"));
        Assert.All(calls.Where(s => s != failed), s => Assert.Null(s.GetTagItem("error.type")));

        var errors = Points(Florence2Telemetry.ErrorsInstrument, byModel: false).Where(p => Equals(Tag(p, Florence2Telemetry.TaskTag), TaskTokens.Caption)).ToList();
        var errorTypes = errors.Select(p => Tag(p, "error.type")).ToList();
        Assert.DoesNotContain(errorTypes, t => t is string s && s.Contains("Cancel", StringComparison.Ordinal));
        var withError = Points("gen_ai.client.operation.duration").Where(p => Tag(p, "error.type") is not null).ToList();
        Assert.Equal(typeof(InvalidImageException).FullName, Tag(Assert.Single(withError), "error.type"));
    }

    [Fact]
    public void Encode_image_is_its_own_span_and_calls_on_its_features_run_no_vision_stage()
    {
        using var model = Florence2Model.Load(_folder.Path, TestDecoders.Options());
        using (TestSource.StartActivity("request"))
        {
            var encoded = model.EncodeImage(TestImages.Input());
            model.Caption(encoded);
        }

        var encode = Single(Florence2Telemetry.EncodeImageActivity);
        Assert.Equal(Single("request").SpanId, encode.ParentSpanId);
        Assert.Equal(
            new[] { Florence2Telemetry.PreprocessActivity, Florence2Telemetry.VisionEncoderActivity },
            Children(encode).Select(s => s.OperationName).Order());
        var call = Single(Florence2Telemetry.OperationName);
        Assert.DoesNotContain(Children(call), s => s.OperationName is Florence2Telemetry.PreprocessActivity or Florence2Telemetry.VisionEncoderActivity);
    }

    [Fact]
    public async Task Every_batch_is_a_span_under_the_caller_and_every_item_counts()
    {
        using var model = Florence2Model.Load(_folder.Path, TestDecoders.Options());
        using (TestSource.StartActivity("request"))
        {
            var images = Enumerable.Range(0, 5).Select(i => TestImages.Input(64, 48, seed: i)).ToList();
            await foreach (var item in model.RunBatchAsync(images, Florence2Task.DetectObjects(), new BatchOptions { BatchSize = 2, TaskOptions = Greedy }))
            {
                Assert.True(item.Succeeded);
            }
        }

        _metering.ForceFlush();
        var batches = Spans(Florence2Telemetry.BatchActivity);
        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.Equal(Single("request").SpanId, b.ParentSpanId));
        Assert.Equal(new[] { 1, 2, 2 }, batches.Select(b => (int)b.GetTagItem("florence2.batch.size")!).Order());
        Assert.All(batches, b => Assert.Contains(Children(b), s => s.OperationName == Florence2Telemetry.DecoderActivity));
        Assert.Equal(5, Assert.Single(Points("gen_ai.client.operation.duration")).GetHistogramCount());
    }

    [Fact]
    public async Task A_stream_records_its_time_to_first_chunk_once()
    {
        using var model = Florence2Model.Load(_folder.Path, TestDecoders.Options());
        var pieces = 0;
        await foreach (var piece in model.StreamTextAsync(TestImages.Input(), TaskTokens.ObjectDetection))
        {
            pieces++;
        }

        _metering.ForceFlush();
        Assert.True(pieces > 1);
        var point = Assert.Single(Points("gen_ai.client.operation.time_to_first_chunk"));
        Assert.Equal(1, point.GetHistogramCount());
    }

    [Fact]
    public void A_load_is_a_span_naming_the_model()
    {
        using (TestSource.StartActivity("request"))
        {
            using var model = Florence2Model.Load(_folder.Path, TestDecoders.Options());
        }

        var load = Single(Florence2Telemetry.LoadActivity);
        Assert.Equal(ModelName, load.GetTagItem("gen_ai.request.model"));
        Assert.Equal(Single("request").SpanId, load.ParentSpanId);
    }

    [Fact]
    public void A_model_in_a_host_takes_its_meter_from_the_host_meter_factory()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddFlorence2(o => o.ModelPath = _folder.Path);
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        var scopes = new List<object?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Florence2Telemetry.SourceName && instrument.Name == Florence2Telemetry.OperationDurationInstrument)
                {
                    l.EnableMeasurementEvents(instrument, instrument.Meter.Scope);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, state) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "gen_ai.request.model" && Equals(tag.Value, ModelName))
                {
                    lock (scopes)
                    {
                        scopes.Add(state);
                    }
                }
            }
        });
        listener.Start();

        provider.GetRequiredService<IFlorence2Model>().Caption(TestImages.Input(64, 48));

        Assert.Same(factory, Assert.Single(scopes));
    }

    private static readonly TaskOptions Greedy = new() { Generation = new GenerationOptions { NumBeams = 1 } };

    private List<Activity> Spans(string operation)
    {
        _tracing.ForceFlush();
        var trace = _spans.FirstOrDefault(s => s.OperationName == "request")?.TraceId;
        return _spans.Where(s => s.OperationName == operation && (trace is null || s.TraceId == trace)).ToList();
    }

    private Activity Single(string operation) => Assert.Single(Spans(operation));

    private List<Activity> Children(Activity parent) => _spans.Where(s => s.ParentSpanId == parent.SpanId).ToList();

    private List<MetricPoint> Points(string instrument, bool byModel = true)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in _metrics.Where(m => m.Name == instrument))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (!byModel || Equals(Tag(point, "gen_ai.request.model"), ModelName))
                {
                    points.Add(point);
                }
            }
        }

        return points;
    }

    private static object? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }

    private static double[] Bounds(MetricPoint point)
    {
        var bounds = new List<double>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            if (!double.IsPositiveInfinity(bucket.ExplicitBound))
            {
                bounds.Add(bucket.ExplicitBound);
            }
        }

        return [.. bounds];
    }
}
