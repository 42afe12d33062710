using BenchmarkDotNet.Running;
using Florence2.Benchmarks;
using Florence2.Benchmarks.Overhead;
using Florence2.Benchmarks.Variants;

// BenchmarkDotNet:  dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- --filter '*Tokenization*' --job short
// Side by side:     dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- side-by-side --size base --runs 5 --threads 1
// Overhead:         dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- overhead --size base --iterations 5
// Variants:         benchmarks/variants.sh --rounds 3 --threads 2   (one process per variant and round)
// Models only:      dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- models
// See docs/performance.md.
return args switch
{
    ["side-by-side", .. var rest] => SideBySide.Run(rest),
    ["overhead", .. var rest] => OverheadReport.Run(rest),
    ["variants", .. var rest] => VariantReport.Run(rest),
    ["variants-summary", .. var rest] => VariantSummary.Run(rest),
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
