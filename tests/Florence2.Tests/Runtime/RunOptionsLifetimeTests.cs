using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Florence2.Tests.Support;
using Florence2.TestModels;
using Microsoft.ML.OnnxRuntime;

using Xunit.Abstractions;

namespace Florence2.Tests.Runtime;

/// <summary>
/// Why every <c>RunOptions</c> given to <see cref="InferenceSession"/>.Run must be held (a <c>using</c>, a field)
/// until the run returns: ONNX Runtime's managed Run hands only the native handle to native code, so a RunOptions
/// that nothing else holds can be collected and released by its finalizer while the run is still inside ONNX
/// Runtime, which reads its configuration again at the end of the run. That freed-and-reused configuration map was
/// the intermittent segfault of the test host (<c>ReferencePipeline</c> passed <c>new RunOptions()</c>).
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class RunOptionsLifetimeTests(ITestOutputHelper output)
{
    private const int MaxRuns = 5_000;

    [Fact]
    public void A_run_options_object_nothing_holds_is_released_before_its_run_returns()
    {
        var model = new TinyModelOptions { Seed = 7 };
        using var folder = new TempModelFolder(model);
        using var session = new InferenceSession(folder.File(TinyModelFiles.VisionEncoder));
        using var pixels = OrtValue.CreateTensorValueFromMemory(new float[3 * model.ImageSize * model.ImageSize], [1, 3, model.ImageSize, model.ImageSize]);
        var window = new RunWindow();

        using var pressure = new CollectionPressure();
        var runs = 0;
        while (Volatile.Read(ref window.ReleasedDuringRun) == 0 && runs < MaxRuns)
        {
            runs++;
            RunWithOptionsNothingHolds(session, pixels, window, runs);
        }

        output.WriteLine($"released during run {runs} ({pressure.Collections} collections)");
        Assert.True(window.ReleasedDuringRun > 0,
            $"no RunOptions was released during its run in {runs} runs ({pressure.Collections} collections): ONNX Runtime may now keep it alive");
    }

    /// <summary>
    /// The form that crashed the test host. Only a lint: a local that is not used after the run is just as exposed,
    /// so the rule is a <c>using</c> (or a field) for every RunOptions, as <c>OnnxRun</c> does.
    /// </summary>
    [Fact]
    public void No_code_in_the_repository_passes_a_new_RunOptions_straight_to_a_run()
    {
        var pattern = new Regex(@"\bRun\w*\(\s*new\s+RunOptions\s*[({]");
        var separator = Path.DirectorySeparatorChar;
        var offenders = Directory.EnumerateFiles(RepositoryFiles.Root, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !file.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(entry => pattern.IsMatch(entry.line))
            .Select(entry => $"{Path.GetRelativePath(RepositoryFiles.Root, entry.file)}:{entry.index + 1}: {entry.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "hold the RunOptions in a using until the run returns:\n" + string.Join("\n", offenders));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunWithOptionsNothingHolds(InferenceSession session, OrtValue pixels, RunWindow window, int run)
    {
        window.Current = run;
        using var outputs = session.Run(new WatchedRunOptions(window, run), ["pixel_values"], [pixels], ["image_features"]);
        window.Current = 0;
    }

    /// <summary>The run under way (0: none); the options point to it, never the other way round.</summary>
    private sealed class RunWindow
    {
        public volatile int Current;
        public int ReleasedDuringRun;
    }

    private sealed class WatchedRunOptions(RunWindow window, int run) : RunOptions
    {
        protected override bool ReleaseHandle()
        {
            if (window.Current == run)
            {
                // Released while its run may still read it: count it, and leak the native object rather than free
                // it under the run (freeing it is the crash this test explains).
                Interlocked.Increment(ref window.ReleasedDuringRun);
                return true;
            }

            return base.ReleaseHandle();
        }
    }
}
