using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Microsoft.Extensions.Logging;

namespace Florence2.Tests.Telemetry;

/// <summary>The documented instruments, spans and log messages are emitted (captured with the BCL listeners).</summary>
public sealed class InstrumentsTests : IDisposable
{
    private const string Answer = "car<loc_53><loc_333><loc_933><loc_774>";
    private readonly TempModelFolder _folder = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor(Answer) });

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_meter_records_stage_durations_tokens_and_errors()
    {
        var measurements = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Florence2Telemetry.SourceName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, ToDictionary(tags))));
        listener.Start();
        using var model = Florence2Model.Load(_folder.Path, TestDecoders.Options());

        var result = model.DetectObjects(TestImages.Input(), new TaskOptions { Generation = new GenerationOptions { NumBeams = 1 } });
        Assert.Throws<InvalidImageException>(() => model.DetectObjects(ImageInput.FromBytes(new byte[] { 1, 2, 3 })));

        var mine = measurements.Where(m => Equals(m.Tags.GetValueOrDefault(Florence2Telemetry.TaskTag), TaskTokens.ObjectDetection)).ToList();
        Assert.Contains(mine, m => m.Instrument == Florence2Telemetry.GeneratedTokensInstrument && m.Value == result.Generation!.GeneratedTokenIds.Count - 1);
        Assert.Contains(mine, m => m.Instrument == Florence2Telemetry.GenerateDurationInstrument && m.Value > 0);
        Assert.Contains(mine, m => m.Instrument == Florence2Telemetry.ErrorsInstrument
            && Equals(m.Tags.GetValueOrDefault("error.type"), typeof(InvalidImageException).FullName));
        var stages = measurements.Where(m => m.Instrument == Florence2Telemetry.StageDurationInstrument)
            .Select(m => m.Tags[Florence2Telemetry.StageTag]).Distinct().ToHashSet();
        Assert.Superset(new HashSet<object?> { "preprocess", "vision_encoder", "text_encoder", "decoder" }, stages);
    }

    [Fact]
    public void A_call_is_one_span_with_a_child_span_per_stage()
    {
        using var testSource = new ActivitySource("Florence2.Tests.Telemetry");
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is Florence2Telemetry.SourceName or "Florence2.Tests.Telemetry",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var model = Florence2Model.Load(_folder.Path, TestDecoders.Options());

        using (var test = testSource.StartActivity("test"))
        {
            model.DetectObjects(TestImages.Input());
        }

        var root = stopped.Single(a => a.OperationName == "test");
        var call = stopped.Single(a => a.OperationName == Florence2Telemetry.GenerateActivity && a.ParentSpanId == root.SpanId);
        Assert.Equal(TaskTokens.ObjectDetection, call.GetTagItem(Florence2Telemetry.TaskTag));
        var stages = stopped.Where(a => a.ParentSpanId == call.SpanId).Select(a => a.OperationName).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            Florence2Telemetry.PreprocessActivity, Florence2Telemetry.VisionEncoderActivity,
            Florence2Telemetry.TextEncoderActivity, Florence2Telemetry.DecoderActivity,
        }, stages);
    }

    [Fact]
    public void Logs_carry_no_prompt_or_answer_above_trace()
    {
        using var factory = new CapturingLogger();
        var logs = factory.Messages;
        using var model = Florence2Model.Load(_folder.Path, new Florence2ModelOptions { LoggerFactory = factory });

        model.DetectObjects(TestImages.Input());

        Assert.Contains(logs, l => l.Level == LogLevel.Information && l.Message.Contains("Loaded Florence-2 model", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Level == LogLevel.Debug && l.Message.Contains("<OD>", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Level == LogLevel.Trace && l.Message.Contains("Locate the objects", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Level > LogLevel.Trace && (l.Message.Contains("Locate the objects", StringComparison.Ordinal) || l.Message.Contains("car", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_provider_fallback_is_logged_as_a_warning_naming_the_provider()
    {
        using var factory = new CapturingLogger();
        var logs = factory.Messages;

        using var model = Florence2Model.Load(_folder.Path, new Florence2ModelOptions
        {
            LoggerFactory = factory,
            ExecutionProviders = [ExecutionProviderChoice.Cuda(0), ExecutionProviderChoice.Cpu],
        });

        Assert.Equal(4, logs.Count(l => l.Level == LogLevel.Warning && l.Message.Contains("runs on Cpu; passed over: Cuda:0", StringComparison.Ordinal)));
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            map[tag.Key] = tag.Value;
        }

        return map;
    }
}
