using System.Globalization;
using Florence2.Reliability.Decoding;
using Florence2.Reliability.Fuzzing;
using Florence2.Reliability.Probes;
using Florence2.Reliability.Soak;

namespace Florence2.Reliability;

/// <summary>The command line: <c>fuzz parser|tokenizer|image</c>, <c>soak</c> and <c>decode</c>, with their options.</summary>
internal static class ReliabilityApp
{
    private const string Usage = """
        usage:
          fuzz <parser|tokenizer|image> [--seed N] [--duration 10m] [--timeout 5s] [--out DIR] [--first I] [--inputs N] [--max-alloc MB]
               [--decoder imagesharp|skiasharp] (image only)
          soak [--duration 5m] [--callers 16] [--seed N]
          long-word [--length 1000000] [--kind repeated|random] [--budget released|none] [--cancel-after 100ms]
          decode <file|fifo|folder> [--formats all] [--max-bytes N] [--decoder imagesharp|skiasharp]
        durations: 250ms, 90s, 10m, 1h. Exit code 0 when nothing failed, 1 on failures, 2 on bad usage.
        """;

    public static int Run(string[] args, TextWriter output)
    {
        try
        {
            if (args.Length >= 2 && args[0] == "fuzz")
            {
                return Fuzz(args[1], Options(args.AsSpan(2)), output);
            }

            if (args.Length >= 2 && args[0] == "decode")
            {
                var options = Options(args.AsSpan(2));
                var decoding = new ImageDecodingOptions();
                if (options.GetValueOrDefault("formats") == "all")
                {
                    decoding.AllowedFormats = (ImageFormats)0xFF;
                }

                if (options.ContainsKey("max-bytes"))
                {
                    decoding.MaxEncodedBytes = Int(options, "max-bytes", 0);
                }

                return DecodeCommand.Run(args[1], decoding, DecoderChoice.Create(options.GetValueOrDefault("decoder")), output);
            }

            if (args.Length >= 1 && args[0] == "soak")
            {
                return Soak(Options(args.AsSpan(1)), output);
            }

            if (args.Length >= 1 && args[0] == "long-word")
            {
                return LongWord(Options(args.AsSpan(1)), output);
            }

            throw new ArgumentException("Unknown command.");
        }
        catch (ArgumentException exception) when (exception.TargetSite?.DeclaringType == typeof(ReliabilityApp))
        {
            output.WriteLine(exception.Message);
            output.WriteLine(Usage);
            return 2;
        }
    }

    private static int Fuzz(string targetName, Dictionary<string, string> options, TextWriter output)
    {
        IFuzzTarget target = targetName switch
        {
            "parser" => new ParserFuzzTarget(),
            "tokenizer" => new TokenizerFuzzTarget(),
            "image" => new ImageFuzzTarget(DecoderChoice.Create(options.GetValueOrDefault("decoder"))),
            _ => throw new ArgumentException($"Unknown fuzz target '{targetName}'; expected parser, tokenizer or image."),
        };
        using var disposable = target as IDisposable;
        var settings = new FuzzSettings(
            Seed: Int(options, "seed", 1),
            Duration: Duration(options, "duration", TimeSpan.FromMinutes(1)),
            InputTimeout: Duration(options, "timeout", TimeSpan.FromSeconds(5)),
            MaxInputs: options.ContainsKey("inputs") ? Int(options, "inputs", 0) : null,
            FailureDirectory: options.GetValueOrDefault("out")
                ?? Path.Combine("fuzz-failures", targetName == "image" ? "image-" + (options.GetValueOrDefault("decoder") ?? DecoderChoice.Default) : targetName),
            FirstIndex: Int(options, "first", 0),
            MaxAllocatedBytes: options.ContainsKey("max-alloc") ? (long)Int(options, "max-alloc", 0) << 20 : null);
        long? allocationLimit = settings.MaxAllocatedBytes ?? target.AllocationLimit;
        string decoderNote = targetName == "image" ? $" (decoder {options.GetValueOrDefault("decoder") ?? DecoderChoice.Default})" : "";
        output.WriteLine($"fuzz {targetName}{decoderNote}: seed {settings.Seed}, duration {settings.Duration}, per-input CPU limit {settings.InputTimeout}, "
            + $"allocation limit {(allocationLimit is { } limit ? $"{limit >> 20} MiB" : "none")}, failures to {settings.FailureDirectory}");
        var report = FuzzRunner.Run(target, settings, output);
        output.WriteLine(report);
        return report.FailureCount == 0 ? 0 : 1;
    }

    private static int Soak(Dictionary<string, string> options, TextWriter output)
    {
        var settings = new SoakSettings(
            Duration: Duration(options, "duration", TimeSpan.FromMinutes(5)),
            Callers: Int(options, "callers", 16),
            Seed: Int(options, "seed", 1));
        var report = SoakRunner.Run(settings, output);
        output.WriteLine(report);
        return report.Mismatches == 0 && report.Errors == 0 ? 0 : 1;
    }

    private static int LongWord(Dictionary<string, string> options, TextWriter output)
    {
        var kind = options.GetValueOrDefault("kind") ?? "repeated";
        var budget = options.GetValueOrDefault("budget") ?? "released";
        if (kind is not ("repeated" or "random") || budget is not ("released" or "none"))
        {
            throw new ArgumentException($"long-word takes --kind repeated|random and --budget released|none, got '{kind}' and '{budget}'.");
        }

        TimeSpan? cancelAfter = options.ContainsKey("cancel-after") ? Duration(options, "cancel-after", TimeSpan.Zero) : null;
        return LongWordProbe.Run(Int(options, "length", 1_000_000), kind, budget, cancelAfter, output);
    }

    private static Dictionary<string, string> Options(ReadOnlySpan<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value', got '{args[i]}'.");
            }

            options[args[i][2..]] = args[i + 1];
        }

        return options;
    }

    private static int Int(Dictionary<string, string> options, string name, int fallback) =>
        !options.TryGetValue(name, out var value) ? fallback
        : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) ? parsed
        : throw new ArgumentException($"--{name} needs an integer, got '{value}'.");

    private static TimeSpan Duration(Dictionary<string, string> options, string name, TimeSpan fallback)
    {
        if (!options.TryGetValue(name, out var value))
        {
            return fallback;
        }

        if (value.EndsWith("ms", StringComparison.Ordinal)
            && double.TryParse(value.AsSpan(0, value.Length - 2), NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds) && milliseconds > 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (value.Length >= 2 && double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) && amount > 0)
        {
            switch (value[^1])
            {
                case 's': return TimeSpan.FromSeconds(amount);
                case 'm': return TimeSpan.FromMinutes(amount);
                case 'h': return TimeSpan.FromHours(amount);
            }
        }

        throw new ArgumentException($"--{name} needs a duration such as 250ms, 90s, 10m or 1h, got '{value}'.");
    }
}
