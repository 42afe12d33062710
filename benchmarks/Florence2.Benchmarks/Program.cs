using BenchmarkDotNet.Running;
using Florence2.Benchmarks;
using Florence2.Benchmarks.Concurrency;
using Florence2.Benchmarks.Overhead;
using Florence2.Benchmarks.Variants;

// BenchmarkDotNet:  dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- --filter '*Tokenization*' --job short
// Side by side:     dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- side-by-side --size base --runs 5 --threads 1
// Overhead:         dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- overhead --size base --iterations 5
// Floor:            dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- floor --task caption --threads 1 --rounds 20
// Memory and load:  dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- memory [--no-arena] [--parallel N] [--cache DIR]
// Plain sessions:   dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- plain-sessions-memory [--parallel]
// Memory pattern:   dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- pattern --task caption --rounds 12
// Micro-batching:   dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- micro-batching --callers 1,4,8 --rounds 2
// Variants:         benchmarks/variants.sh --rounds 3 --threads 2   (one process per variant and round)
// Decoders:         dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- decoder-speed --rounds 25
// Models only:      dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- models
// See docs/performance.md.
return args switch
{
    ["side-by-side", .. var rest] => SideBySide.Run(rest),
    ["overhead", .. var rest] => OverheadReport.Run(rest),
    ["floor", .. var rest] => Florence2.Benchmarks.Floor.FloorReport.Run(rest),
    ["memory", .. var rest] => Florence2.Benchmarks.Floor.MemoryReport.Run(rest),
    ["plain-sessions-memory", .. var rest] => Florence2.Benchmarks.Floor.PlainSessionsMemoryReport.Run(rest),
    ["pattern", .. var rest] => Florence2.Benchmarks.Floor.MemoryPatternReport.Run(rest),
    ["micro-batching", .. var rest] => MicroBatchingReport.Run(rest),
    ["variants", .. var rest] => VariantReport.Run(rest),
    ["variants-summary", .. var rest] => VariantSummary.Run(rest),
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
