using Khyber.Domain.Crossings;
using Khyber.Domain.Notices;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

/// <summary>
/// The explanation adds up exactly: over a long seeded run of arrivals, calls, no-shows, exits, cancellations, spoilage,
/// closures and restrictions, trucks put back in their place by an administrator, every truck's "called ahead of you, by rule" read off the call log equals the trucks that
/// were in fact called while it waited — counted independently, as they were called.
/// </summary>
public sealed class CallExplanationPropertyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DirectionState Open = new(Direction.PkToAf, GateState.Open, null, null, Enum.GetValues<CargoCategory>(), null);
    private static readonly DirectionState Closed = new(Direction.PkToAf, GateState.Closed, null, null, [], null);
    private static readonly DirectionState Restricted = new(Direction.PkToAf, GateState.Restricted, null, null, [CargoCategory.Humanitarian, CargoCategory.Perishable], null);

    /// <summary>
    /// The simulation's own tally, kept as calls happen: for each truck in its present place, the rules of every other truck
    /// called since it took that place (<see cref="Run.Since"/>), and that tally as it stood when the truck itself was last
    /// called (<see cref="Run.AtCall"/>).
    /// </summary>
    private sealed class Run(int seed)
    {
        public readonly int Seed = seed;
        public readonly Random Random = new(seed);
        public readonly Crossing Crossing = new()
        {
            Id = "torkham",
            Name = "Torkham",
            Directions = [new CrossingDirection { CrossingId = "torkham", Direction = Domain.Direction.PkToAf, LanesOpen = 4, LanesMax = 6, PerishableShare = 0.4, AgeingBoundHours = 3 }],
        };
        public readonly List<Truck> Trucks = [];
        public readonly List<CallRecord> Log = [];
        public readonly Dictionary<Guid, Dictionary<CallRule, int>> Since = [];
        public readonly Dictionary<Guid, Dictionary<CallRule, int>> AtCall = [];
        public DirectionState State = Open;
        public DateTimeOffset Now = Start;
        public int Plates;
        public int Calls;
        public int NoShows;
        public int Returns;
        public int ChecksMade;

        public CrossingDirection Direction => Crossing.DirectionOf(Domain.Direction.PkToAf);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_trucks_explanation_equals_the_trucks_actually_called_ahead_of_it_by_rule(int seed)
    {
        var run = new Run(seed);
        const int steps = 6000;
        for (var step = 1; step <= steps; step++)
        {
            // Often no time passes between two steps, so calls and check-ins share an instant.
            run.Now = run.Now.AddMinutes(run.Random.Next(3) == 0 ? 0 : run.Random.Next(1, 12));
            foreach (var truck in run.Trucks.Where(t => t.Status == TruckStatus.Waiting))
            {
                truck.SpoilIfDue(run.Now);
            }
            var dice = run.Random.NextDouble();
            if (dice < 0.32)
            {
                Arrive(run);
            }
            else if (dice < 0.62)
            {
                Call(run);
            }
            else if (dice < 0.68)
            {
                NoShow(run);
            }
            else if (dice < 0.70)
            {
                ReturnToQueue(run);
            }
            else if (dice < 0.85)
            {
                Exit(run);
            }
            else if (dice < 0.88)
            {
                Cancel(run);
            }
            else if (dice < 0.92)
            {
                run.State = run.State == Open ? (run.Random.Next(2) == 0 ? Closed : Restricted) : Open;
            }
            if (step % 500 == 0)
            {
                Check(run);
            }
        }
        Check(run);

        // The run exercised every rule, no-shows and many checks — else it proves little.
        var rules = run.Log.SelectMany(c => c.Trucks).Select(t => t.Rule).ToHashSet();
        Assert.Equal(Enum.GetValues<CallRule>().ToHashSet(), rules);
        Assert.True(run.Calls > 800 && run.NoShows > 100 && run.Returns > 20, $"{run.Calls} calls, {run.NoShows} no-shows, {run.Returns} returned to the queue");
        Assert.True(run.ChecksMade > 5000, $"{run.ChecksMade} explanations checked");
    }

    private static void Arrive(Run run)
    {
        var categories = new[] { CargoCategory.General, CargoCategory.General, CargoCategory.General, CargoCategory.Perishable, CargoCategory.Perishable,
            CargoCategory.Transit, CargoCategory.Empty, CargoCategory.Hazardous, CargoCategory.Humanitarian };
        var category = categories[run.Random.Next(categories.Length)];
        var spoilsAt = category == CargoCategory.Perishable ? run.Now.AddHours(2 + (run.Random.NextDouble() * 30)) : (DateTimeOffset?)null;
        var truck = Truck.Register(new TruckRegistration("torkham", Direction.PkToAf, $"PES{++run.Plates}", "PK", "Driver", "PK1234567", "Cargo", "080521", category, 1000m, 10000m, spoilsAt),
            "carrier", run.Now);
        truck.CheckIn(run.Direction.NextQueueNumber++, run.Now);
        run.Trucks.Add(truck);
        run.Since[truck.Id] = [];
    }

    private static void Call(Run run)
    {
        var waiting = run.Trucks.Where(t => t.Status == TruckStatus.Waiting).ToList();
        var count = run.Random.Next(1, 7);
        if (run.State.Blocked)
        {
            Assert.Throws<StateConflictException>(() => CallRules.CallWithRules(run.Crossing, run.Direction, run.State, waiting, count, "pk.officer.torkham", run.Now));
            return;
        }
        // What the order would pick without naming rules: naming them must not change it.
        var expected = QueueOrder.Call(CallRules.Callable(waiting, run.State, run.Now).Select(QueuedTruck.Of), run.Direction.Policy, run.Direction.PerishableCredit, run.Now, count).Called;
        var noShowsBefore = waiting.ToDictionary(t => t.Id, t => t.NoShows);

        var picks = CallRules.CallWithRules(run.Crossing, run.Direction, run.State, waiting, count, "pk.officer.torkham", run.Now);

        Assert.Equal(expected.Select(t => t.Id), picks.Select(p => p.Truck.Id));
        if (picks.Count == 0)
        {
            return;
        }
        var record = CallRecord.Of(run.Direction, run.Log.Count + 1, picks, "pk.officer.torkham", run.Now);
        run.Log.Add(record);
        run.Calls++;
        foreach (var pick in picks)
        {
            RuleFits(pick, noShowsBefore[pick.Truck.Id], run);
            run.AtCall[pick.Truck.Id] = new Dictionary<CallRule, int>(run.Since[pick.Truck.Id]);
            foreach (var (id, tally) in run.Since.Where(t => t.Key != pick.Truck.Id))
            {
                tally[pick.Rule] = tally.GetValueOrDefault(pick.Rule) + 1;
            }
        }
    }

    /// <summary>The rule named is one that truly applied.</summary>
    private static void RuleFits(CallPick pick, int noShows, Run run)
    {
        var category = pick.Truck.Category;
        switch (pick.Rule)
        {
            case CallRule.Humanitarian:
                Assert.Equal(CargoCategory.Humanitarian, category);
                break;
            case CallRule.AgeingBound:
                Assert.True(run.Now - pick.Truck.WaitingSince >= run.Direction.Policy.AgeingBound);
                break;
            case CallRule.GreenLaneShare:
                Assert.Equal(CargoCategory.Perishable, category);
                break;
            default:
                Assert.DoesNotContain(category, new[] { CargoCategory.Humanitarian, CargoCategory.Perishable });
                Assert.Equal(noShows > 0, pick.Rule == CallRule.BackAfterNoShow);
                break;
        }
    }

    private static void NoShow(Run run)
    {
        var called = run.Trucks.Where(t => t.Status == TruckStatus.Called).ToList();
        if (called.Count == 0)
        {
            return;
        }
        var truck = called[run.Random.Next(called.Count)];
        truck.SendToBack(run.Direction.NextQueueNumber++, run.Now);
        run.Since[truck.Id] = [];
        run.NoShows++;
    }

    /// <summary>An administrator's change strands a called truck: it waits again in its own place, its number kept.</summary>
    private static void ReturnToQueue(Run run)
    {
        var called = run.Trucks.Where(t => t.Status == TruckStatus.Called).ToList();
        if (called.Count > 0)
        {
            called[run.Random.Next(called.Count)].ReturnToQueue(run.Now);
            run.Returns++;
        }
    }

    private static void Exit(Run run)
    {
        var called = run.Trucks.Where(t => t.Status == TruckStatus.Called).ToList();
        if (called.Count > 0)
        {
            called[run.Random.Next(called.Count)].Exit("pk.officer.torkham", run.Now);
        }
    }

    private static void Cancel(Run run)
    {
        var queued = run.Trucks.Where(t => t.InQueue).ToList();
        if (queued.Count > 0)
        {
            queued[run.Random.Next(queued.Count)].Cancel(run.Now);
        }
    }

    private static void Check(Run run)
    {
        var lines = run.Log.SelectMany(CallLine.Of).ToList();
        foreach (var truck in run.Trucks)
        {
            var waiting = truck.Status == TruckStatus.Waiting;
            var why = CallExplanation.Explain(truck, lines);
            if (!waiting && truck.CalledAt is null)
            {
                // Left the queue uncalled (cancelled or spoiled while waiting): nothing to explain.
                Assert.Null(why);
                continue;
            }
            Assert.NotNull(why);
            var truth = waiting ? run.Since[truck.Id] : run.AtCall[truck.Id];
            foreach (var rule in Enum.GetValues<CallRule>())
            {
                Assert.True(truth.GetValueOrDefault(rule) == why.Of(rule), $"seed {run.Seed}, truck {truck.Plate} ({truck.Status}), {rule}: {why.Of(rule)} explained, {truth.GetValueOrDefault(rule)} called");
            }
            Assert.Equal(truth.Values.Sum(), why.Total);
            Assert.Equal(waiting, why.CalledIn is null);
            Assert.Equal(PublicCount(run, truck, why), why.Total);
            run.ChecksMade++;
        }
    }

    /// <summary>
    /// What anyone counts in the public log: the trucks of calls FirstCall to LastCall but the truck's own entries (its queue
    /// number), and in the call that took it only those before it.
    /// </summary>
    private static int PublicCount(Run run, Truck truck, CalledAhead why)
    {
        if (why.FirstCall is not { } first || why.LastCall is not { } last)
        {
            return 0;
        }
        return run.Log.Where(c => c.Number >= first && c.Number <= last)
            .Sum(c => (c.Number == why.CalledIn ? c.Trucks.TakeWhile(t => t.QueueNumber != why.QueueNumber) : c.Trucks)
                .Count(t => t.QueueNumber != why.QueueNumber));
    }
}
