using System.Diagnostics;
using System.Globalization;
using Florence2.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Florence2.Benchmarks;

/// <summary>
/// <c>decoder-speed [--rounds N] [--warmup N]</c>: the ImageSharp and the SkiaSharp decoder on the same files, alternated
/// call by call (this machine's speed drifts 10–30 % over minutes, so alternating keeps the comparison fair), with a
/// full garbage collection before each timed call so that one decoder's garbage is not collected in the other's time. Per file and decoder it prints the median of the decode alone (<see cref="IImageDecoder.Decode"/>) and of
/// decode + 768×768 preprocessing (<see cref="ImagePreprocessor"/>, the library's checks included), the managed bytes
/// one decode allocates, and the SkiaSharp/ImageSharp ratio. Files: <c>car.jpg</c> (640×480), the same picture as PNG,
/// and the 1920×1080 benchmark picture as JPEG (quality 90) and PNG. See docs/images.md.
/// </summary>
internal static class DecoderSpeed
{
    public static int Run(string[] args)
    {
        int rounds = 25, warmup = 3;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            int value = int.Parse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--rounds": rounds = value; break;
                case "--warmup": warmup = value; break;
                default: Console.Error.WriteLine("usage: decoder-speed [--rounds N] [--warmup N]"); return 2;
            }
        }

        byte[] car = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "car.jpg"));
        byte[] carPng;
        using (var image = Image.Load<Rgb24>(car))
        using (var stream = new MemoryStream())
        {
            image.SaveAsPng(stream);
            carPng = stream.ToArray();
        }

        (string Name, byte[] Bytes, ImageFormats Format)[] files =
        [
            ("car.jpg 640x480", car, ImageFormats.Jpeg),
            ("car.png 640x480", carPng, ImageFormats.Png),
            ("bench 1920x1080 JPEG q90", BenchmarkImages.Jpeg, ImageFormats.Jpeg),
            ("bench 1920x1080 PNG", BenchmarkImages.Png, ImageFormats.Png),
        ];
        (string Name, IImageDecoder Decoder)[] decoders = [("ImageSharp", new ImageSharpImageDecoder()), ("SkiaSharp", new SkiaSharpImageDecoder())];
        var options = new ImageDecodingOptions();
        Console.WriteLine($"decoder-speed: {rounds} rounds after {warmup} warm-up, alternated; .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        Console.WriteLine("| file | bytes | ImageSharp decode | SkiaSharp decode | ratio | ImageSharp decode+preprocess | SkiaSharp decode+preprocess | ratio | allocated per decode (IS / Skia) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, bytes, format) in files)
        {
            var decode = new List<double>[] { [], [] };
            var full = new List<double>[] { [], [] };
            var allocated = new long[2];
            var preprocessors = decoders.Select(d => new ImagePreprocessor(ImagePreprocessingSettings.Florence2Default, options, d.Decoder)).ToArray();
            var tensor = new float[preprocessors[0].TensorLength];
            for (int round = -warmup; round < rounds; round++)
            {
                // ImageSharp first on even rounds, SkiaSharp first on odd ones.
                foreach (int d in round % 2 == 0 ? new[] { 0, 1 } : [1, 0])
                {
                    // A collection left over from the other decoder's call would land in this one's time.
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    var clock = Stopwatch.StartNew();
                    using (decoders[d].Decoder.Decode(bytes, format, options, CancellationToken.None))
                    {
                    }

                    double decodeMs = clock.Elapsed.TotalMilliseconds;
                    long bytesAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    clock.Restart();
                    preprocessors[d].Preprocess(ImageInput.FromBytes(bytes), tensor, CancellationToken.None);
                    double fullMs = clock.Elapsed.TotalMilliseconds;
                    if (round >= 0)
                    {
                        decode[d].Add(decodeMs);
                        full[d].Add(fullMs);
                        allocated[d] = bytesAllocated;
                    }
                }
            }

            double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {bytes.Length:N0} | {Median(decode[0]):F2} ms | {Median(decode[1]):F2} ms | {Median(decode[1]) / Median(decode[0]):F2} | "
                + $"{Median(full[0]):F2} ms | {Median(full[1]):F2} ms | {Median(full[1]) / Median(full[0]):F2} | {allocated[0] / 1048576.0:F1} / {allocated[1] / 1048576.0:F1} MiB |"));
        }

        return 0;
    }
}
