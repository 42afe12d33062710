using System.Diagnostics;
using System.Globalization;
using Florence2.Imaging;

namespace Florence2.Reliability.Decoding;

/// <summary>
/// <c>decode PATH</c>: runs image files (a file, a FIFO, or every file of a folder) through the library's decode and
/// 768×768 preprocessing and prints, per file, the outcome (size or refusal), wall and CPU time, managed bytes
/// allocated, and the process's peak working set. For measuring what one hostile file costs (under
/// <c>/usr/bin/time -v</c>) and for checking that real files are not refused.
/// </summary>
internal static class DecodeCommand
{
    public static int Run(string path, ImageDecodingOptions options, IImageDecoder decoder, TextWriter output)
    {
        var preprocessor = new ImagePreprocessor(ImagePreprocessingSettings.Florence2Default, options, decoder);
        var tensor = new float[preprocessor.TensorLength];
        string[] files = Directory.Exists(path)
            ? Directory.GetFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
            : [path];
        int accepted = 0, refused = 0;
        using var process = Process.GetCurrentProcess();
        foreach (string file in files)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            string outcome;
            try
            {
                ImageSize size = preprocessor.Preprocess(ImageInput.FromFile(file), tensor, CancellationToken.None);
                outcome = $"decoded {size.Width}x{size.Height}";
                accepted++;
            }
            catch (InvalidImageException refusal)
            {
                outcome = "refused: " + refusal.Message;
                refused++;
            }

            clock.Stop();
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            process.Refresh();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file}: {outcome} | wall {clock.Elapsed.TotalMilliseconds:F1} ms, CPU {(process.TotalProcessorTime - cpuBefore).TotalMilliseconds:F1} ms, "
                + $"allocated {allocated / 1048576.0:F1} MiB, peak working set {process.PeakWorkingSet64 / 1048576.0:F1} MiB"));
        }

        output.WriteLine($"{files.Length} files: {accepted} decoded, {refused} refused (decoder {decoder.GetType().Name})");
        return 0;
    }
}
