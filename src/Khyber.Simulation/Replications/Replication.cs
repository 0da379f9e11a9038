using Khyber.Simulation.Engine;
using Khyber.Simulation.Statistics;

namespace Khyber.Simulation.Replications;

/// <summary>One run of a <see cref="QueueingSystem"/>: trucks arrive, wait in their class's line, are called to a free lane, cross — or give up, or are turned away, and perhaps drive on to another crossing.</summary>
/// <remarks>
/// An instance is reused for many replications (one per worker thread): its lines, buffers and
/// event heap keep their arrays, so a replication allocates only its result. All times are hours.
/// <para>
/// Giving up is tracked without removing anything from the middle of a heap: a truck that may give
/// up is also filed in its class's patience order, and the event heap holds one give-up event per
/// class, for the earliest deadline. When a truck leaves by one door (called, or gone), its entry in
/// the other order is left in place and dropped when it reaches the top; a bit per truck says who
/// has left. The event heap holds one live give-up event per class, however many trucks are
/// waiting, plus the ones superseded when a newcomer's deadline became the earliest (ignored when
/// they fire) — at most one per truck, usually far fewer.
/// </para>
/// </remarks>
internal sealed class Replication : IEventHandler
{
    // Event kinds: the low bits say what happens, the rest whom it concerns (a station or a class).
    private const int Arrival = 0;
    private const int Departure = 1;
    private const int LaneChange = 2;
    private const int Reopening = 3;
    private const int ClosureStart = 4;
    private const int GiveUp = 5;
    private const int DivertedArrival = 6;
    private const int KindBits = 3;
    private const int KindMask = (1 << KindBits) - 1;

    private readonly QueueingSystem _system;
    private readonly TruckClass[] _classes;
    private readonly StationState[] _stations;
    private readonly Simulator _simulator = new(256);
    private readonly WaitingLine[] _lines;
    private readonly WaitingLine?[] _patience;
    private readonly double[] _givesUpNext;
    private readonly SequenceSet _left = new();
    private readonly SampleBuffer[] _waits;
    private readonly SampleBuffer[][] _stationWaits;
    private readonly SampleBuffer _allWaits = new();
    private readonly int[] _groupWaiting;
    private readonly double[] _groupCredit;
    private readonly int[][] _groupClasses;
    private readonly int[] _classWaiting;
    private readonly int[] _stepCursor;
    private readonly bool[] _constantArrivals;
    private readonly long[] _arrived, _blocked, _served, _spoiled, _reneged, _divertedIn, _divertedOut;
    private readonly double[] _spoiledValue, _renegedValue;
    private readonly int[][] _classBacklog, _gaveUpSeries, _turnedAwaySeries;
    private readonly double[][] _spoiledValueSeries;
    private readonly int _samples;

    private RandomStream _random;
    private long _truckSequence;
    private double _lastTime;
    private int _nextSample;
    private WaitingTruck[] _transit = new WaitingTruck[16];
    private int[] _transitFree = new int[16];
    private int _transitUsed, _transitFreeCount;

    public Replication(QueueingSystem system)
    {
        _system = system;
        _classes = system.Classes;
        var classes = _classes.Length;
        _samples = system.BacklogSampleCount;
        _lines = new WaitingLine[classes];
        _patience = new WaitingLine?[classes];
        _waits = new SampleBuffer[classes];
        for (var i = 0; i < classes; i++)
        {
            _lines[i] = new WaitingLine();
            _waits[i] = new SampleBuffer();
            _patience[i] = _classes[i].PatienceHours is null ? null : new WaitingLine();
        }

        _givesUpNext = new double[classes];
        _groupWaiting = new int[system.Groups.Length];
        _groupCredit = new double[system.Groups.Length];
        _groupClasses = Enumerable.Range(0, system.Groups.Length)
            .Select(g => Enumerable.Range(0, classes).Where(c => _classes[c].Group == g).ToArray())
            .ToArray();
        _stations = system.Stations.Select((station, s) => new StationState(
                station,
                [.. system.Groups.Select((g, i) => (g, i)).Where(x => x.g.Station == s).GroupBy(x => x.g.Level).OrderBy(x => x.Key).Select(x => x.Select(y => y.i).ToArray())],
                _samples)
            {
                LetThrough = [.. Enumerable.Range(0, classes).Where(c => _classes[c].Station == s && _classes[c].LetThrough)],
            })
            .ToArray();
        _stationWaits = [.. system.Stations.Select((_, s) => Enumerable.Range(0, classes).Where(c => _classes[c].Station == s).Select(c => _waits[c]).ToArray())];
        _classWaiting = new int[classes];
        _stepCursor = new int[classes];
        _constantArrivals = [.. _classes.Select(k => k.Arrivals.IsConstant)];
        _arrived = new long[classes];
        _blocked = new long[classes];
        _served = new long[classes];
        _spoiled = new long[classes];
        _reneged = new long[classes];
        _divertedIn = new long[classes];
        _divertedOut = new long[classes];
        _spoiledValue = new double[classes];
        _renegedValue = new double[classes];
        _classBacklog = [.. _classes.Select(_ => new int[_samples])];
        _gaveUpSeries = [.. _classes.Select(_ => new int[_samples])];
        _turnedAwaySeries = [.. _classes.Select(_ => new int[_samples])];
        _spoiledValueSeries = [.. _classes.Select(_ => new double[_samples])];
    }

    /// <summary>Runs one replication of a system with one station (a queue model or one crossing).</summary>
    public ReplicationResult Run(int replication, ulong seed) => RunAll(replication, seed)[0];

    /// <summary>Runs one replication; one result per station.</summary>
    public ReplicationResult[] RunAll(int replication, ulong seed)
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
        for (var c = 0; c < _classes.Length; c++)
        {
            _lines[c].Clear();
            _patience[c]?.Clear();
            _waits[c].Clear();
            Array.Clear(_classBacklog[c]);
            Array.Clear(_gaveUpSeries[c]);
            Array.Clear(_turnedAwaySeries[c]);
            Array.Clear(_spoiledValueSeries[c]);
        }

        _left.Clear();
        Array.Fill(_givesUpNext, double.PositiveInfinity);
        Array.Clear(_groupWaiting);
        Array.Clear(_groupCredit);
        Array.Clear(_classWaiting);
        Array.Clear(_stepCursor);
        Array.Clear(_arrived);
        Array.Clear(_blocked);
        Array.Clear(_served);
        Array.Clear(_spoiled);
        Array.Clear(_reneged);
        Array.Clear(_divertedIn);
        Array.Clear(_divertedOut);
        Array.Clear(_spoiledValue);
        Array.Clear(_renegedValue);
        _truckSequence = 0;
        _lastTime = 0;
        _nextSample = 0;
        _transitUsed = _transitFreeCount = 0;

        var system = _system;
        for (var s = 0; s < _stations.Length; s++)
        {
            var station = _stations[s];
            station.Reset();
            var spec = station.Spec;
            if (spec.LaneSteps.Length > 1)
            {
                _simulator.ScheduleAt(spec.LaneSteps[1].AtHours, LaneChange | (s << KindBits), 1);
            }

            if (spec.Closure is { } closure)
            {
                _simulator.ScheduleAt(closure.Start, ClosureStart | (s << KindBits));
                if (closure.End <= system.HorizonHours)
                {
                    _simulator.ScheduleAt(closure.End, Reopening | (s << KindBits));
                }
            }
        }

        var countInitial = system.WarmupHours <= 0;
        foreach (var initial in system.InitialQueue)
        {
            var c = initial.Class;
            _stations[_classes[c].Station].InSystem++;
            Enqueue(_stations[_classes[c].Station], c, _classes[c], -initial.WaitedHours, initial.SpoilsInHours, initial.ValueUsd, countInitial, diverted: false, initial.WaitedHours);
            if (countInitial)
            {
                _arrived[c]++;
            }
        }

        for (var c = 0; c < _classes.Length; c++)
        {
            var arrivals = _classes[c].Arrivals;
            if (arrivals.Deterministic && arrivals.RatePerHour > 0)
            {
                _simulator.ScheduleAt(0, Arrival, c);
            }
            else
            {
                ScheduleNextArrival(c, arrivals);
            }
        }

        foreach (var station in _stations)
        {
            CallTrucks(station);
        }
    }

    public void Handle(Simulator simulator, in ScheduledEvent scheduled)
    {
        Advance(scheduled.Time);
        var index = scheduled.Kind >> KindBits;
        switch (scheduled.Kind & KindMask)
        {
            case Arrival:
                OnArrival(scheduled.Subject);
                break;
            case Departure:
                OnDeparture(_stations[index], scheduled.Subject);
                break;
            case LaneChange:
                OnLaneChange(_stations[index], index, scheduled.Subject);
                break;
            case Reopening:
                OnReopening(_stations[index]);
                break;
            case ClosureStart:
                _stations[index].BacklogBeforeClosure = _stations[index].Waiting;
                break;
            case GiveUp:
                OnGiveUp(index, scheduled.Time);
                break;
            default:
                OnDivertedArrival(index, scheduled.Subject);
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
        while (_nextSample < _samples && _nextSample * step < now)
        {
            TakeBacklogSample();
        }

        var from = Math.Max(_lastTime, _system.WarmupHours);
        if (now > from)
        {
            var span = now - from;
            foreach (var station in _stations)
            {
                station.QueueArea += station.Waiting * span;
                station.BusyArea += station.Busy * span;
                station.LaneArea += station.Lanes * span;
            }
        }

        _lastTime = now;
    }

    private void TakeBacklogSample()
    {
        for (var c = 0; c < _classes.Length; c++)
        {
            _classBacklog[c][_nextSample] = _classWaiting[c];
        }

        foreach (var station in _stations)
        {
            station.Backlog[_nextSample] = station.Waiting;
        }

        _nextSample++;
    }

    /// <summary>Adds to a running total kept per backlog sample: the event counts from the first sample at or after <paramref name="at"/>.</summary>
    private void Count<T>(T[] series, double at, T amount)
        where T : System.Numerics.INumber<T>
    {
        if (series.Length == 0)
        {
            return;
        }

        var i = at <= 0 ? 0 : Math.Ceiling(at / _system.BacklogStepHours);
        if (i < series.Length)
        {
            series[(int)i] += amount;
        }
    }

    private void ScheduleNextArrival(int c, ArrivalProcess arrivals)
    {
        if (arrivals.RatePerHour <= 0)
        {
            return;
        }

        var now = _simulator.Now;
        double next;
        if (_constantArrivals[c])
        {
            next = now + (arrivals.Deterministic ? 1.0 / arrivals.RatePerHour : _random.NextExponential(1.0 / arrivals.RatePerHour));
        }
        else
        {
            next = NextByIntegratedRate(c, arrivals, now);
        }

        if (next <= _system.HorizonHours)
        {
            _simulator.ScheduleAt(next, Arrival, c);
        }
    }

    /// <summary>The next arrival of a stream with a piecewise-constant rate: the time by which the integrated rate has grown by an Exp(1) amount (Poisson) or by 1 (evenly spaced).</summary>
    private double NextByIntegratedRate(int c, ArrivalProcess arrivals, double now)
    {
        var horizon = _system.HorizonHours;
        var clock = _stations[_classes[c].Station].Spec;
        var target = arrivals.Deterministic ? 1.0 : _random.NextExponential(1.0);
        var t = now;
        ref var cursor = ref _stepCursor[c];
        while (t <= horizon)
        {
            var end = arrivals.SegmentEnd(t, clock.StartHourOfDay, ref cursor);
            var rate = arrivals.RateAt(t, clock.StartHourOfDay, clock.StartDayOfWeek, cursor);
            if (rate > 0)
            {
                var mass = rate * (end - t);
                if (target <= mass)
                {
                    return t + (target / rate);
                }

                target -= mass;
            }

            if (double.IsPositiveInfinity(end))
            {
                break;
            }

            t = end;
        }

        return double.PositiveInfinity;
    }

    private void OnArrival(int c)
    {
        var truckClass = _classes[c];
        ScheduleNextArrival(c, truckClass.Arrivals);
        var now = _simulator.Now;
        var counted = now >= _system.WarmupHours;
        if (counted)
        {
            _arrived[c]++;
        }

        Admit(c, truckClass, now, now + truckClass.SpoilAfterHours, truckClass.ValueUsd, counted, diverted: false);
    }

    private void OnDivertedArrival(int c, int slot)
    {
        var truck = _transit[slot];
        ReturnTransit(slot);
        var now = _simulator.Now;
        var counted = now >= _system.WarmupHours;
        if (counted)
        {
            _arrived[c]++;
            _divertedIn[c]++;
        }

        Admit(c, _classes[c], now, truck.SpoilsAt, truck.ValueUsd, counted, diverted: true);
    }

    /// <summary>A truck reaches the crossing: turned away if it is full, straight to a free lane if nobody waits, else into its line.</summary>
    private void Admit(int c, TruckClass truckClass, double now, double spoilsAt, double value, bool counted, bool diverted)
    {
        var station = _stations[truckClass.Station];
        if (station.InSystem >= station.Capacity || station.Waiting >= station.WaitingCapacity)
        {
            if (counted)
            {
                _blocked[c]++;
                Count(_turnedAwaySeries[c], now, 1);
            }

            if (!diverted && truckClass.Diversions.Length > 0)
            {
                Divert(c, truckClass, new WaitingTruck { ArrivedAt = now, SpoilsAt = spoilsAt, ValueUsd = value, Counted = counted }, gaveUp: false);
            }

            return;
        }

        station.InSystem++;
        if (station.Waiting == 0 && station.Busy < station.Lanes && !station.Restricted)
        {
            // Nobody ahead and a lane free: called at once, so it never waits and never gives up.
            var truck = new WaitingTruck { Sequence = _truckSequence++, ArrivedAt = now, SpoilsAt = spoilsAt, ValueUsd = value, Counted = counted, Diverted = diverted };
            StartService(station, c, truckClass, truck, now);
            return;
        }

        Enqueue(station, c, truckClass, now, spoilsAt, value, counted, diverted, waitedHours: 0);
        CallTrucks(station);
    }

    private void Enqueue(StationState station, int c, TruckClass truckClass, double arrivedAt, double spoilsAt, double value, bool counted, bool diverted, double waitedHours)
    {
        var truck = new WaitingTruck
        {
            Key = truckClass.EarliestSpoilFirst ? spoilsAt : arrivedAt,
            Sequence = _truckSequence++,
            ArrivedAt = arrivedAt,
            SpoilsAt = spoilsAt,
            ValueUsd = value,
            Counted = counted,
            Diverted = diverted,
        };
        _lines[c].Push(truck);
        station.Waiting++;
        _classWaiting[c]++;
        _groupWaiting[truckClass.Group]++;
        if (truckClass.PatienceHours is { } patience)
        {
            truck.Key = _simulator.Now + PatienceLeft(patience, waitedHours);
            _patience[c]!.Push(truck);
            if (truck.Key < _givesUpNext[c])
            {
                _givesUpNext[c] = truck.Key;
                _simulator.ScheduleAt(truck.Key, GiveUp | (c << KindBits));
            }
        }
    }

    /// <summary>Patience still left to a truck that has already waited <paramref name="waitedHours"/> (and so has not given up yet).</summary>
    private double PatienceLeft(Distribution patience, double waitedHours)
    {
        if (waitedHours <= 0 || patience.Kind == DistributionKind.Exponential)
        {
            return patience.Sample(ref _random); // memoryless: what is left is a fresh draw
        }

        // Drawn given that it exceeds the wait so far; when that is too unlikely to hit, from now on.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var drawn = patience.Sample(ref _random);
            if (drawn > waitedHours)
            {
                return drawn - waitedHours;
            }
        }

        return patience.Sample(ref _random);
    }

    private void OnDeparture(StationState station, int subject)
    {
        var c = subject >> 1;
        station.Busy--;
        station.InSystem--;
        station.Crossed++;
        if ((subject & 1) == 1)
        {
            _served[c]++;
        }

        CallTrucks(station);
    }

    private void OnLaneChange(StationState station, int s, int step)
    {
        var steps = station.Spec.LaneSteps;
        station.Lanes = steps[step].Lanes;
        station.Restricted = steps[step].Restricted;
        if (step + 1 < steps.Length)
        {
            _simulator.ScheduleAt(steps[step + 1].AtHours, LaneChange | (s << KindBits), step + 1);
        }

        CallTrucks(station);
    }

    private void OnReopening(StationState station)
    {
        station.ReopenSequence = _truckSequence;
        station.StrandedLeft = station.Waiting;
        if (station.Waiting == 0)
        {
            station.StrandedCalled = 0;
        }

        if (station.Waiting <= station.BacklogBeforeClosure)
        {
            station.Clearance = 0;
        }
    }

    /// <summary>The trucks of class <paramref name="c"/> whose patience runs out at <paramref name="now"/> leave the line.</summary>
    private void OnGiveUp(int c, double now)
    {
        if (now != _givesUpNext[c])
        {
            return; // superseded by an earlier deadline, which has already rescheduled
        }

        var order = _patience[c]!;
        while (order.Count > 0 && order.Head.Key <= now)
        {
            var truck = order.Pop();
            if (!_left.Contains(truck.Sequence))
            {
                _left.Add(truck.Sequence);
                Leave(c, truck, now);
            }
        }

        DropLeft(order);
        DropLeft(_lines[c]);
        _givesUpNext[c] = double.PositiveInfinity;
        if (order.Count > 0)
        {
            _givesUpNext[c] = order.Head.Key;
            _simulator.ScheduleAt(order.Head.Key, GiveUp | (c << KindBits));
        }
    }

    /// <summary>A truck gives up waiting: it leaves the line (its entry there is dropped later), and may drive on to another crossing.</summary>
    private void Leave(int c, WaitingTruck truck, double now)
    {
        var truckClass = _classes[c];
        var station = _stations[truckClass.Station];
        station.Waiting--;
        station.InSystem--;
        _classWaiting[c]--;
        _groupWaiting[truckClass.Group]--;
        if (truck.Counted)
        {
            _reneged[c]++;
            _renegedValue[c] += truck.ValueUsd;
            Count(_gaveUpSeries[c], now, 1);
            if (SpoiledHere(truck, now))
            {
                Spoil(c, truck);
            }
        }

        if (station.StrandedLeft > 0 && truck.Sequence < station.ReopenSequence && --station.StrandedLeft == 0)
        {
            station.StrandedCalled = now - station.ReopeningAt;
        }

        CheckClearance(station, now);
        if (!truck.Diverted && truckClass.Diversions.Length > 0)
        {
            Divert(c, truckClass, truck, gaveUp: true);
        }
    }

    /// <summary>Sends a truck that gave up (or was turned away) to another crossing with the share of its route, after the drive there.</summary>
    private void Divert(int c, TruckClass truckClass, WaitingTruck truck, bool gaveUp)
    {
        var draw = _random.NextDouble();
        var cumulative = 0.0;
        foreach (var route in truckClass.Diversions)
        {
            cumulative += gaveUp ? route.ShareOfGaveUp : route.ShareOfTurnedAway;
            if (draw < cumulative)
            {
                if (truck.Counted)
                {
                    _divertedOut[c]++;
                }

                truck.Diverted = true;
                _simulator.Schedule(route.TravelHours, DivertedArrival | (route.ToClass << KindBits), RentTransit(truck));
                return;
            }
        }
    }

    private int RentTransit(in WaitingTruck truck)
    {
        int slot;
        if (_transitFreeCount > 0)
        {
            slot = _transitFree[--_transitFreeCount];
        }
        else
        {
            if (_transitUsed == _transit.Length)
            {
                Array.Resize(ref _transit, _transit.Length * 2);
                Array.Resize(ref _transitFree, _transit.Length);
            }

            slot = _transitUsed++;
        }

        _transit[slot] = truck;
        return slot;
    }

    private void ReturnTransit(int slot) => _transitFree[_transitFreeCount++] = slot;

    /// <summary>Drops entries of trucks that have already left from the top of a line or a patience order, so that its head is a truck still waiting.</summary>
    private void DropLeft(WaitingLine line)
    {
        while (line.Count > 0 && _left.Contains(line.Head.Sequence))
        {
            line.Pop();
        }
    }

    /// <summary>Whether the truck's cargo has spoiled by <paramref name="now"/> while waiting here: a truck diverted here already spoiled was counted where it spoiled (or spoiled on the road).</summary>
    private static bool SpoiledHere(in WaitingTruck truck, double now) =>
        now > truck.SpoilsAt && (!truck.Diverted || truck.SpoilsAt >= truck.ArrivedAt);

    private void Spoil(int c, in WaitingTruck truck)
    {
        _spoiled[c]++;
        _spoiledValue[c] += truck.ValueUsd;
        Count(_spoiledValueSeries[c], truck.SpoilsAt, truck.ValueUsd);
    }

    private static void CheckClearance(StationState station, double now)
    {
        if (station.Clearance is null && now >= station.ReopeningAt && station.Waiting <= station.BacklogBeforeClosure)
        {
            station.Clearance = now - station.ReopeningAt;
        }
    }

    /// <summary>Calls waiting trucks to free lanes. Non-preemptive: a lane that closes finishes its truck first.</summary>
    private void CallTrucks(StationState station)
    {
        if (station.Restricted)
        {
            CallLetThrough(station);
            return;
        }

        while (station.Busy < station.Lanes && station.Waiting > 0)
        {
            var c = NextClass(station);
            var truckClass = _classes[c];
            var line = _lines[c];
            var truck = line.Pop();
            if (truckClass.PatienceHours is not null)
            {
                _left.Add(truck.Sequence);
                DropLeft(line);
            }

            station.Waiting--;
            _classWaiting[c]--;
            _groupWaiting[truckClass.Group]--;
            StartService(station, c, truckClass, truck, _simulator.Now);
        }
    }

    /// <summary>During a closure with lanes kept open for some categories: only their trucks are called, lowest call level first, then each line's order.</summary>
    private void CallLetThrough(StationState station)
    {
        while (station.Busy < station.Lanes)
        {
            var chosen = -1;
            foreach (var c in station.LetThrough)
            {
                if (_classWaiting[c] > 0 && (chosen < 0 || Before(c, chosen)))
                {
                    chosen = c;
                }
            }

            if (chosen < 0)
            {
                return;
            }

            var truckClass = _classes[chosen];
            var line = _lines[chosen];
            var truck = line.Pop();
            if (truckClass.PatienceHours is not null)
            {
                _left.Add(truck.Sequence);
                DropLeft(line);
            }

            station.Waiting--;
            _classWaiting[chosen]--;
            _groupWaiting[truckClass.Group]--;
            StartService(station, chosen, truckClass, truck, _simulator.Now);
        }

        bool Before(int a, int b)
        {
            var (levelA, levelB) = (_system.Groups[_classes[a].Group].Level, _system.Groups[_classes[b].Group].Level);
            return levelA != levelB ? levelA < levelB : _lines[a].Head.Precedes(_lines[b].Head);
        }
    }

    private void StartService(StationState station, int c, TruckClass truckClass, in WaitingTruck truck, double now)
    {
        station.Busy++;
        if (truck.Counted)
        {
            _waits[c].Add((now - truck.ArrivedAt) * 60.0);
            if (SpoiledHere(truck, now))
            {
                Spoil(c, truck);
            }
        }

        if (station.StrandedLeft > 0 && truck.Sequence < station.ReopenSequence && --station.StrandedLeft == 0)
        {
            station.StrandedCalled = now - station.ReopeningAt;
        }

        CheckClearance(station, now);
        _simulator.Schedule(truckClass.ServiceHours.Sample(ref _random), Departure | (truckClass.Station << KindBits), (c << 1) | (truck.Counted ? 1 : 0));
    }

    /// <summary>The class whose head truck is called next, by level, then share, then the order of its line.</summary>
    private int NextClass(StationState station)
    {
        foreach (var level in station.Levels)
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

            // Every line's head is a truck still waiting (trucks that gave up are dropped from the top).
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

    private ReplicationResult[] Collect(int replication, long events)
    {
        var system = _system;
        var horizon = system.HorizonHours;
        while (_nextSample < _samples)
        {
            TakeBacklogSample();
        }

        var stillWaiting = new long[_classes.Length];
        for (var c = 0; c < _lines.Length; c++)
        {
            var patient = _classes[c].PatienceHours is not null;
            foreach (ref readonly var truck in _lines[c].Trucks)
            {
                if (truck.Counted && !(patient && _left.Contains(truck.Sequence)))
                {
                    stillWaiting[c]++;
                    if (SpoiledHere(truck, horizon))
                    {
                        Spoil(c, truck);
                    }
                }
            }

            _waits[c].Span.Sort();
            RunningTotal(_gaveUpSeries[c]);
            RunningTotal(_turnedAwaySeries[c]);
            RunningTotal(_spoiledValueSeries[c]);
        }

        var thresholds = system.WaitThresholdsMinutes;
        var measured = horizon - Math.Min(horizon, system.WarmupHours);
        var results = new ReplicationResult[_stations.Length];
        for (var s = 0; s < _stations.Length; s++)
        {
            var station = _stations[s];
            var classes = Enumerable.Range(0, _classes.Length).Where(c => _classes[c].Station == s).ToArray();
            var tallies = new ClassTally[classes.Length];
            for (var i = 0; i < classes.Length; i++)
            {
                var c = classes[i];
                var tally = Tally(_classes[c].Name, _waits[c], _arrived[c], _blocked[c], _served[c], stillWaiting[c], _spoiled[c], _spoiledValue[c], thresholds);
                tallies[i] = tally with
                {
                    Reneged = _reneged[c],
                    RenegedValueUsd = _renegedValue[c],
                    DivertedIn = _divertedIn[c],
                    DivertedOut = _divertedOut[c],
                };
            }

            SampleBuffer.MergeSorted(_stationWaits[s], _allWaits);
            var all = Tally("all", _allWaits, Sum(_arrived), Sum(_blocked), Sum(_served), Sum(stillWaiting), Sum(_spoiled), Sum(_spoiledValue), thresholds);
            all = all with
            {
                Reneged = Sum(_reneged),
                RenegedValueUsd = Sum(_renegedValue),
                DivertedIn = Sum(_divertedIn),
                DivertedOut = Sum(_divertedOut),
            };

            // Not cleared within the horizon: what is known is that it takes at least the time left.
            var left = station.Spec.ReopeningHours is { } reopening ? Math.Max(0, horizon - reopening) : (double?)null;
            results[s] = new ReplicationResult(
                replication,
                tallies,
                all,
                station.LaneArea > 0 ? station.BusyArea / station.LaneArea : 0,
                measured > 0 ? station.QueueArea / measured : 0,
                (int[])station.Backlog.Clone(),
                [.. classes.Select(c => (int[])_classBacklog[c].Clone())],
                station.Clearance ?? left,
                station.Clearance is not null,
                station.StrandedCalled ?? left,
                station.Crossed,
                events)
            {
                Station = station.Spec.Name,
                GaveUpByClass = [.. classes.Select(c => (int[])_gaveUpSeries[c].Clone())],
                TurnedAwayByClass = [.. classes.Select(c => (int[])_turnedAwaySeries[c].Clone())],
                SpoiledValueByClass = [.. classes.Select(c => (double[])_spoiledValueSeries[c].Clone())],
            };

            T Sum<T>(T[] perClass)
                where T : System.Numerics.INumber<T>
            {
                var total = T.Zero;
                foreach (var c in classes)
                {
                    total += perClass[c];
                }

                return total;
            }
        }

        return results;
    }

    private static void RunningTotal<T>(T[] series)
        where T : System.Numerics.INumber<T>
    {
        for (var i = 1; i < series.Length; i++)
        {
            series[i] += series[i - 1];
        }
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

    /// <summary>The state of one station (crossing) during a replication.</summary>
    private sealed class StationState(Station spec, int[][] levels, int samples)
    {
        public readonly Station Spec = spec;
        public readonly int[][] Levels = levels;
        public readonly int Capacity = spec.Capacity ?? int.MaxValue;
        public readonly int WaitingCapacity = spec.WaitingCapacity ?? int.MaxValue;
        public readonly double ReopeningAt = spec.ReopeningHours ?? double.PositiveInfinity;
        public readonly int[] Backlog = new int[samples];
        public int Lanes, Busy, Waiting, InSystem;
        public bool Restricted;
        public long Crossed;
        public double QueueArea, BusyArea, LaneArea;
        public long ReopenSequence;
        public int StrandedLeft;
        public double? StrandedCalled;
        public int BacklogBeforeClosure;
        public double? Clearance;

        /// <summary>The classes called while <see cref="Restricted"/>.</summary>
        public int[] LetThrough { get; init; } = [];

        public void Reset()
        {
            Lanes = Spec.LaneSteps[0].Lanes;
            Restricted = Spec.LaneSteps[0].Restricted;
            Busy = Waiting = InSystem = 0;
            Crossed = 0;
            QueueArea = BusyArea = LaneArea = 0;
            ReopenSequence = 0;
            StrandedLeft = 0;
            StrandedCalled = null;
            BacklogBeforeClosure = 0;
            Clearance = null;
            Array.Clear(Backlog);
        }
    }
}
