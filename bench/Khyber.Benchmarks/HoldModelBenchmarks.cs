using BenchmarkDotNet.Attributes;
using Khyber.Simulation.Engine;

namespace Khyber.Benchmarks;

/// <summary>
/// The hold model: n events pending; each one, when it fires, schedules itself again at
/// now + U(0, 2n). The engine (clock, (time, sequence) heap, dispatch to a handler) against a bare
/// <see cref="PriorityQueue{TElement, TPriority}"/> doing the same pops and pushes with the same
/// random numbers. Results are per event.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class HoldModelBenchmarks
{
    private const int EventsPerInvoke = 1_000_000;

    private Simulator _simulator = null!;
    private Reschedule _handler;
    private PriorityQueue<int, double> _bare = null!;
    private RandomStream _bareRandom;
    private double _bareNow;

    [Params(10, 1_000, 100_000)]
    public int Pending { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _simulator = new Simulator(Pending);
        _handler = new Reschedule { Random = new RandomStream(42, 0), Spread = 2.0 * Pending };
        _bare = new PriorityQueue<int, double>(Pending);
        _bareRandom = new RandomStream(42, 0);
        var setupRandom = new RandomStream(7, 0);
        for (var i = 0; i < Pending; i++)
        {
            var at = setupRandom.NextDouble() * 2 * Pending;
            _simulator.ScheduleAt(at, 0, i);
            _bare.Enqueue(i, at);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvoke)]
    public double BarePriorityQueue()
    {
        var queue = _bare;
        var spread = 2.0 * Pending;
        for (var i = 0; i < EventsPerInvoke; i++)
        {
            queue.TryDequeue(out var subject, out var at);
            _bareNow = at;
            queue.Enqueue(subject, at + (_bareRandom.NextDouble() * spread));
        }

        return _bareNow;
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public double Engine()
    {
        _simulator.Run(ref _handler, double.PositiveInfinity, EventsPerInvoke);
        return _simulator.Now;
    }

    private struct Reschedule : IEventHandler
    {
        public RandomStream Random;
        public double Spread;

        public void Handle(Simulator simulator, in ScheduledEvent scheduled) =>
            simulator.Schedule(Random.NextDouble() * Spread, scheduled.Kind, scheduled.Subject);
    }
}
