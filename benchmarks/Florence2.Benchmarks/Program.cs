using BenchmarkDotNet.Running;
using Florence2.Benchmarks.Overhead;

// dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- overhead [--caption-model DIR --long-model DIR]
if (args.Length > 0 && args[0] == "overhead")
{
    return OverheadReport.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
