using Khyber.Simulation.Engine;
using Khyber.Simulation.Statistics;

namespace Khyber.Simulation.Replications;

/// <summary>One run of a <see cref="QueueingSystem"/>: trucks arrive, wait in their class's line, are called to a free lane, cross.</summary>
/// <remarks>
/// An instance is reused for many replications (one per worker thread): its lines, buffers and
/// event heap keep their arrays, so a replication allocates only its result. All times are hours.
/// </remarks>
internal sealed class Replication : IEventHandler
{
    private const int Arrival = 0;
    private const int Departure = 1;
    private const int LaneChange = 2;
    private const int Reopening = 3;
    private const int ClosureStart = 4;

    private readonly QueueingSystem _system;
    private readonly Simulator _simulator = new(256);
    private readonly WaitingLine[] _lines;
    private readonly SampleBuffer[] _waits;
    private readonly SampleBuffer _allWaits = new();
    private readonly int[] _groupWaiting;
    private readonly double[] _groupCredit;
    private readonly int[][] _levels;
    private readonly int[][] _groupClasses;
    private readonly long[] _arrived, _blocked, _served, _spoiled;
    private readonly double[] _spoiledValue;
    private readonly int[] _backlog;
    private readonly int[][] _classBacklog;

    private RandomStream _random;
    private int _lanes, _busy, _waiting, _inSystem;
    private long _truckSequence, _crossed;
    private double _lastTime, _queueArea, _busyArea, _laneArea;
    private int _nextSample;
    private long _reopenSequence;
    private int _strandedLeft;
    private double? _strandedCalled;
    private int _backlogBeforeClosure;
    private double? _clearance;

    public Replication(QueueingSystem system)
    {
        _system = system;
        var classes = system.Classes.Length;
        _lines = new WaitingLine[classes];
        _waits = new SampleBuffer[classes];
        for (var i = 0; i < classes; i++)
        {
            _lines[i] = new WaitingLine();
            _waits[i] = new SampleBuffer();
        }

        _groupWaiting = new int[system.Groups.Length];
        _groupCredit = new double[system.Groups.Length];
        _groupClasses = Enumerable.Range(0, system.Groups.Length)
            .Select(g => Enumerable.Range(0, classes).Where(c => system.Classes[c].Group == g).ToArray())
            .ToArray();
        _levels = system.Groups.Select((g, i) => (g.Level, i)).GroupBy(x => x.Level).OrderBy(x => x.Key)
            .Select(x => x.Select(y => y.i).ToArray()).ToArray();
        _arrived = new long[classes];
        _blocked = new long[classes];
        _served = new long[classes];
        _spoiled = new long[classes];
        _spoiledValue = new double[classes];
        _backlog = new int[system.BacklogSampleCount];
        _classBacklog = [.. system.Classes.Select(_ => new int[system.BacklogSampleCount])];
    }

    public ReplicationResult Run(int replication, ulong seed)
    {
        Reset(new RandomStream(seed, (ulong)replication));
        var system = _system;
        var handler = this;
        var events = _simulator.Run(ref handler, system.HorizonHours);
        Advance(system.HorizonHours);
        return Collect(replication, events);
    }

    private void Reset(RandomStream random)
    {
        _random = random;
        _simulator.Reset();
        foreach (var line in _lines)
        {
            line.Clear();
        }

        foreach (var buffer in _waits)
        {
            buffer.Clear();
        }

        Array.Clear(_groupWaiting);
        Array.Clear(_groupCredit);
        Array.Clear(_arrived);
        Array.Clear(_blocked);
        Array.Clear(_served);
        Array.Clear(_spoiled);
        Array.Clear(_spoiledValue);
        Array.Clear(_backlog);
        _busy = _waiting = _inSystem = 0;
        _truckSequence = _crossed = 0;
        _lastTime = _queueArea = _busyArea = _laneArea = 0;
        _nextSample = 0;
        _strandedLeft = 0;
        _reopenSequence = 0;
        _strandedCalled = null;
        _backlogBeforeClosure = 0;
        _clearance = null;

        var system = _system;
        _lanes = system.LaneSteps[0].Lanes;
        if (system.LaneSteps.Length > 1)
        {
            _simulator.ScheduleAt(system.LaneSteps[1].AtHours, LaneChange, 1);
        }

        if (system.Closure is { } closure)
        {
            _simulator.ScheduleAt(closure.Start, ClosureStart);
            if (closure.End <= system.HorizonHours)
            {
                _simulator.ScheduleAt(closure.End, Reopening);
            }
        }

        var countInitial = system.WarmupHours <= 0;
        foreach (var initial in system.InitialQueue)
        {
            var truckClass = system.Classes[initial.Class];
            _inSystem++;
            Enqueue(initial.Class, truckClass, -initial.WaitedHours, initial.SpoilsInHours, initial.ValueUsd, countInitial);
            if (countInitial)
            {
                _arrived[initial.Class]++;
            }
        }

        for (var c = 0; c < system.Classes.Length; c++)
        {
            var arrivals = system.Classes[c].Arrivals;
            if (arrivals.Deterministic && arrivals.RatePerHour > 0)
            {
                _simulator.ScheduleAt(0, Arrival, c);
            }
            else
            {
                ScheduleNextArrival(c, arrivals);
            }
        }

        CallTrucks();
    }

    public void Handle(Simulator simulator, in ScheduledEvent scheduled)
    {
        Advance(scheduled.Time);
        switch (scheduled.Kind)
        {
            case Arrival:
                OnArrival(scheduled.Subject);
                break;
            case Departure:
                OnDeparture(scheduled.Subject);
                break;
            case LaneChange:
                OnLaneChange(scheduled.Subject);
                break;
            case Reopening:
                OnReopening();
                break;
            default:
                _backlogBeforeClosure = _waiting;
                break;
        }
    }

    /// <summary>Integrates the state, constant since the last event, up to <paramref name="now"/>, and takes the backlog samples that fall in between.</summary>
    private void Advance(double now)
    {
        if (now <= _lastTime)
        {
            return;
        }

        var step = _system.BacklogStepHours;
        while (_nextSample < _backlog.Length && _nextSample * step < now)
        {
            TakeBacklogSample();
        }

        var from = Math.Max(_lastTime, _system.WarmupHours);
        if (now > from)
        {
            var span = now - from;
            _queueArea += _waiting * span;
            _busyArea += _busy * span;
            _laneArea += _lanes * span;
        }

        _lastTime = now;
    }

    private void TakeBacklogSample()
    {
        for (var c = 0; c < _lines.Length; c++)
        {
            _classBacklog[c][_nextSample] = _lines[c].Count;
        }

        _backlog[_nextSample++] = _waiting;
    }

    private void ScheduleNextArrival(int c, ArrivalProcess arrivals)
    {
        if (arrivals.RatePerHour <= 0)
        {
            return;
        }

        var now = _simulator.Now;
        double next;
        if (arrivals.Deterministic)
        {
            next = now + (1.0 / arrivals.RatePerHour);
        }
        else if (arrivals.HourlyRates is { } hourly)
        {
            // Thinning: candidates at the peak rate, each kept with probability rate(t) / peak.
            var peak = arrivals.RatePerHour;
            next = now;
            do
            {
                next += _random.NextExponential(1.0 / peak);
                if (next > _system.HorizonHours)
                {
                    return;
                }
            }
            while (_random.NextDouble() * peak >= hourly[(int)((_system.StartHourOfDay + next) % 24)]);
        }
        else
        {
            next = now + _random.NextExponential(1.0 / arrivals.RatePerHour);
        }

        if (next <= _system.HorizonHours)
        {
            _simulator.ScheduleAt(next, Arrival, c);
        }
    }

    private void OnArrival(int c)
    {
        var truckClass = _system.Classes[c];
        ScheduleNextArrival(c, truckClass.Arrivals);
        var now = _simulator.Now;
        var counted = now >= _system.WarmupHours;
        if (counted)
        {
            _arrived[c]++;
        }

        if (_inSystem >= _system.Capacity)
        {
            if (counted)
            {
                _blocked[c]++;
            }

            return;
        }

        _inSystem++;
        Enqueue(c, truckClass, now, truckClass.SpoilAfterHours, truckClass.ValueUsd, counted);
        CallTrucks();
    }

    private void Enqueue(int c, TruckClass truckClass, double arrivedAt, double spoilsInHours, double value, bool counted)
    {
        var spoilsAt = _simulator.Now + spoilsInHours;
        _lines[c].Push(new WaitingTruck
        {
            Key = truckClass.EarliestSpoilFirst ? spoilsAt : arrivedAt,
            Sequence = _truckSequence++,
            ArrivedAt = arrivedAt,
            SpoilsAt = spoilsAt,
            ValueUsd = value,
            Counted = counted,
        });
        _waiting++;
        _groupWaiting[truckClass.Group]++;
    }

    private void OnDeparture(int subject)
    {
        _busy--;
        _inSystem--;
        _crossed++;
        if ((subject & 1) == 1)
        {
            _served[subject >> 1]++;
        }

        CallTrucks();
    }

    private void OnLaneChange(int step)
    {
        var steps = _system.LaneSteps;
        _lanes = steps[step].Lanes;
        if (step + 1 < steps.Length)
        {
            _simulator.ScheduleAt(steps[step + 1].AtHours, LaneChange, step + 1);
        }

        CallTrucks();
    }

    private void OnReopening()
    {
        _reopenSequence = _truckSequence;
        _strandedLeft = _waiting;
        if (_waiting == 0)
        {
            _strandedCalled = 0;
        }

        if (_waiting <= _backlogBeforeClosure)
        {
            _clearance = 0;
        }
    }

    /// <summary>Calls waiting trucks to free lanes. Non-preemptive: a lane that closes finishes its truck first.</summary>
    private void CallTrucks()
    {
        while (_busy < _lanes && _waiting > 0)
        {
            var c = NextClass();
            var truck = _lines[c].Pop();
            _waiting--;
            _groupWaiting[_system.Classes[c].Group]--;
            _busy++;
            var now = _simulator.Now;
            var truckClass = _system.Classes[c];
            if (truck.Counted)
            {
                _waits[c].Add((now - truck.ArrivedAt) * 60.0);
                if (now > truck.SpoilsAt)
                {
                    _spoiled[c]++;
                    _spoiledValue[c] += truck.ValueUsd;
                }
            }

            if (_strandedLeft > 0 && truck.Sequence < _reopenSequence && --_strandedLeft == 0)
            {
                _strandedCalled = now - _system.ReopeningHours;
            }

            if (_clearance is null && now >= _system.ReopeningHours && _waiting <= _backlogBeforeClosure)
            {
                _clearance = now - _system.ReopeningHours;
            }

            _simulator.Schedule(truckClass.ServiceHours.Sample(ref _random), Departure, (c << 1) | (truck.Counted ? 1 : 0));
        }
    }

    /// <summary>The class whose head truck is called next, by level, then share, then the order of its line.</summary>
    private int NextClass()
    {
        foreach (var level in _levels)
        {
            var group = -1;
            var candidates = 0;
            foreach (var g in level)
            {
                if (_groupWaiting[g] > 0)
                {
                    candidates++;
                    group = g;
                }
            }

            if (candidates == 0)
            {
                continue;
            }

            if (candidates > 1)
            {
                // Smooth weighted round robin: every waiting group earns its share, the one with
                // the most credit is called and pays back the total.
                var total = 0.0;
                var best = -1;
                foreach (var g in level)
                {
                    if (_groupWaiting[g] == 0)
                    {
                        continue;
                    }

                    var share = _system.Groups[g].Share;
                    _groupCredit[g] += share;
                    total += share;
                    if (best < 0 || _groupCredit[g] > _groupCredit[best])
                    {
                        best = g;
                    }
                }

                _groupCredit[best] -= total;
                group = best;
            }

            var chosen = -1;
            foreach (var c in _groupClasses[group])
            {
                if (_lines[c].Count > 0 && (chosen < 0 || _lines[c].Head.Precedes(_lines[chosen].Head)))
                {
                    chosen = c;
                }
            }

            return chosen;
        }

        throw new InvalidOperationException("No truck is waiting.");
    }

    private ReplicationResult Collect(int replication, long events)
    {
        var system = _system;
        var horizon = system.HorizonHours;
        while (_nextSample < _backlog.Length)
        {
            TakeBacklogSample();
        }

        var stillWaiting = new long[system.Classes.Length];
        for (var c = 0; c < _lines.Length; c++)
        {
            foreach (ref readonly var truck in _lines[c].Trucks)
            {
                if (truck.Counted)
                {
                    stillWaiting[c]++;
                    if (horizon > truck.SpoilsAt)
                    {
                        _spoiled[c]++;
                        _spoiledValue[c] += truck.ValueUsd;
                    }
                }
            }
        }

        var thresholds = system.WaitThresholdsMinutes;
        var tallies = new ClassTally[system.Classes.Length];
        for (var c = 0; c < tallies.Length; c++)
        {
            _waits[c].Span.Sort();
            tallies[c] = Tally(system.Classes[c].Name, _waits[c], _arrived[c], _blocked[c], _served[c], stillWaiting[c], _spoiled[c], _spoiledValue[c], thresholds);
        }

        SampleBuffer.MergeSorted(_waits, _allWaits);

        var all = Tally(
            "all",
            _allWaits,
            _arrived.Sum(),
            _blocked.Sum(),
            _served.Sum(),
            stillWaiting.Sum(),
            _spoiled.Sum(),
            _spoiledValue.Sum(),
            thresholds);

        var measured = horizon - Math.Min(horizon, system.WarmupHours);
        // Not cleared within the horizon: what is known is that it takes at least the time left.
        var left = system.ReopeningHours is { } reopening ? Math.Max(0, horizon - reopening) : (double?)null;
        var cleared = _clearance is not null;

        return new ReplicationResult(
            replication,
            tallies,
            all,
            _laneArea > 0 ? _busyArea / _laneArea : 0,
            measured > 0 ? _queueArea / measured : 0,
            (int[])_backlog.Clone(),
            [.. _classBacklog.Select(b => (int[])b.Clone())],
            _clearance ?? left,
            cleared,
            _strandedCalled ?? left,
            _crossed,
            events);
    }

    // The waits arrive sorted.
    private static ClassTally Tally(string name, SampleBuffer waits, long arrived, long blocked, long served, long stillWaiting, long spoiled, double spoiledValue, double[] thresholds)
    {
        ReadOnlySpan<double> sorted = waits.Span;
        var above = new double[thresholds.Length];
        for (var i = 0; i < thresholds.Length; i++)
        {
            above[i] = Percentiles.FractionAbove(sorted, thresholds[i]);
        }

        return new ClassTally(
            name,
            arrived,
            blocked,
            served,
            stillWaiting,
            spoiled,
            spoiledValue,
            sorted.Length,
            sorted.Length > 0 ? waits.Sum / sorted.Length : double.NaN,
            Percentiles.OfSorted(sorted, 0.50),
            Percentiles.OfSorted(sorted, 0.90),
            Percentiles.OfSorted(sorted, 0.99),
            Percentiles.FractionAbove(sorted, 1e-9),
            above);
    }
}
