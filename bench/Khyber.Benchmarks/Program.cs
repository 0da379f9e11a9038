using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Khyber.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
