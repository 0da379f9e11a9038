using BenchmarkDotNet.Attributes;
using Khyber.Simulation;
using Khyber.Simulation.Crossings;
using Khyber.Simulation.QueueModels;
using Khyber.Simulation.Replications;

namespace Khyber.Benchmarks;

/// <summary>One replication of an M/M/4 crossing at 75% load with two priority classes, per truck.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class CrossingPerTruckBenchmarks
{
    private const double HorizonHours = 10_000;
    private const double ArrivalsPerHour = 18;

    // Trucks arriving in one replication, on average (λT); the count of one run is within ±0.3% of it.
    private const int Trucks = (int)(HorizonHours * ArrivalsPerHour);

    private Replication _replication = null!;
    private int _run;

    [GlobalSetup]
    public void Setup()
    {
        var model = new QueueModel
        {
            Servers = 4,
            Policy = "priority",
            Classes =
            [
                new QueueClass { Name = "perishable", Priority = 0, Arrival = ArrivalSpec.Poisson(12), Service = ServiceSpec.Exponential(10), SpoilAfterMinutes = 15 },
                new QueueClass { Name = "general", Priority = 1, Arrival = ArrivalSpec.Poisson(ArrivalsPerHour - 12), Service = ServiceSpec.Exponential(10) },
            ],
            HorizonHours = HorizonHours,
        };
        _replication = new Replication(model.Compile(ForecastOptions.Default));
        _replication.Run(0, 1); // sizes the reused buffers
    }

    [Benchmark(OperationsPerInvoke = Trucks)]
    public long MM4TwoPriorityClasses() => _replication.Run(_run++, 1).Events;
}

/// <summary>Replications per second of the 72-hour Torkham closure (the API's forecast), on one and two cores.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ReplicationsPerSecondBenchmarks
{
    private const int Replications = 200;

    private CrossingScenario _scenario = null!;

    [Params(1, 2)]
    public int Cores { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Khyber.slnx")))
        {
            root = root.Parent ?? throw new DirectoryNotFoundException("Khyber.slnx not found");
        }

        var file = Path.Combine(root.FullName, "samples", "forecast", "torkham-72h-closure.json");
        _scenario = (CrossingScenario)ForecastInput.Parse(File.ReadAllText(file)) with { Replications = Replications, Alternative = null };
    }

    [Benchmark(OperationsPerInvoke = Replications)]
    public CrossingForecastResult Torkham72HourClosure() =>
        CrossingForecast.Run(_scenario, new ForecastOptions { MaxDegreeOfParallelism = Cores });
}

/// <summary>One replication of M/M/4+M at 125% of capacity (a quarter of the trucks give up), per truck: what patience costs.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class GivingUpPerTruckBenchmarks
{
    private const double HorizonHours = 10_000;
    private const double ArrivalsPerHour = 30;
    private const int Trucks = (int)(HorizonHours * ArrivalsPerHour);

    private Replication _replication = null!;
    private int _run;

    [GlobalSetup]
    public void Setup()
    {
        var model = new QueueModel
        {
            Servers = 4,
            Classes =
            [
                new QueueClass { Name = "general", Arrival = ArrivalSpec.Poisson(ArrivalsPerHour), Service = ServiceSpec.Exponential(10), Patience = ServiceSpec.Exponential(20) },
            ],
            HorizonHours = HorizonHours,
        };
        _replication = new Replication(model.Compile(ForecastOptions.Default));
        _replication.Run(0, 1);
    }

    [Benchmark(OperationsPerInvoke = Trucks)]
    public long MM4PlusMOverloaded() => _replication.Run(_run++, 1).Events;
}
