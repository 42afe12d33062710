using BenchmarkDotNet.Running;
using Florence2.Benchmarks;
using Florence2.Benchmarks.Overhead;

// BenchmarkDotNet:  dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- --filter '*Tokenization*' --job short
// Side by side:     dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- side-by-side --size base --runs 5 --threads 1
// Overhead:         dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- overhead --size base --iterations 5
// Decoders:         dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- decoder-speed --rounds 25
// Models only:      dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- models
// See docs/performance.md.
return args switch
{
    ["side-by-side", .. var rest] => SideBySide.Run(rest),
    ["overhead", .. var rest] => OverheadReport.Run(rest),
    ["decoder-speed", .. var rest] => DecoderSpeed.Run(rest),
    ["models"] => Models(),
    _ => RunBenchmarks(args),
};

static int Models()
{
    BenchmarkModels.EnsureAll();
    Console.WriteLine(BenchmarkImages.WriteFiles(Path.Combine(BenchmarkModels.Root, "images")));
    return 0;
}

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
