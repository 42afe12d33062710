using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Florence2.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
