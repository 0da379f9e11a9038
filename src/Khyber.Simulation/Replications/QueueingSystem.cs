using Khyber.Simulation.Engine;

namespace Khyber.Simulation.Replications;

/// <summary>From <see cref="AtHours"/> on, arrivals run at <see cref="Factor"/> times their usual rate.</summary>
internal readonly record struct RateStep(double AtHours, double Factor);

/// <summary>How trucks of one class arrive: a rate, shaped by the hour of the day, the day of the week and closures.</summary>
/// <remarks>
/// The rate at time t is <c>base(t) × day(t) × step(t)</c>: <c>base</c> is <see cref="RatePerHour"/> or the
/// local hour's entry of <see cref="HourlyRates"/>, <c>day</c> the local day's entry of
/// <see cref="DailyFactors"/>, <c>step</c> the factor of the last <see cref="Steps"/> entry at or before t
/// (1 before the first). Arrivals are drawn by inverting the integrated rate, which is exact for a
/// piecewise-constant rate: a Poisson process moves on by an exponential amount of integrated rate,
/// evenly spaced arrivals by exactly 1.
/// </remarks>
internal sealed record ArrivalProcess
{
    private ArrivalProcess(double ratePerHour, double[]? hourly, bool deterministic)
    {
        RatePerHour = ratePerHour;
        HourlyRates = hourly;
        Deterministic = deterministic;
    }

    /// <summary>The constant rate, or for hourly rates their peak (only used to tell an idle stream).</summary>
    public double RatePerHour { get; }

    /// <summary>Rates for each local hour of the day (0–23), or null for a constant rate.</summary>
    public double[]? HourlyRates { get; }

    /// <summary>Factors for each local day of the week, Monday first, or null.</summary>
    public double[]? DailyFactors { get; init; }

    /// <summary>Changes of the rate over time (a closure's effect on traffic), in time order.</summary>
    public RateStep[] Steps { get; init; } = [];

    public bool Deterministic { get; }

    /// <summary>One rate all the time: the next arrival is a single draw.</summary>
    public bool IsConstant => HourlyRates is null && DailyFactors is null && Steps.Length == 0;

    /// <summary>Whether the rate depends on the local clock.</summary>
    public bool FollowsClock => HourlyRates is not null || DailyFactors is not null;

    public static ArrivalProcess None { get; } = new(0, null, false);

    public static ArrivalProcess Poisson(double ratePerHour) => new(ratePerHour, null, false);

    /// <summary>Evenly spaced arrivals, the first at time 0.</summary>
    public static ArrivalProcess Regular(double ratePerHour) => new(ratePerHour, null, true);

    /// <summary>A Poisson process whose rate changes with the local hour of the day.</summary>
    public static ArrivalProcess PoissonByHourOfDay(double[] hourlyRates) =>
        hourlyRates.Length == 24 ? new(hourlyRates.Max(), hourlyRates, false) : throw new ArgumentException("Need 24 hourly rates.", nameof(hourlyRates));

    /// <summary>The rate at <paramref name="t"/>; <paramref name="cursor"/> indexes the first step after t.</summary>
    internal double RateAt(double t, double startHourOfDay, int startDayOfWeek, int cursor)
    {
        var rate = RatePerHour;
        if (FollowsClock)
        {
            var local = startHourOfDay + t;
            var hours = Math.Floor(local);
            if (HourlyRates is { } hourly)
            {
                rate = hourly[(int)(hours - (24 * Math.Floor(hours / 24)))];
            }

            if (DailyFactors is { } daily)
            {
                var day = (long)Math.Floor(hours / 24) + startDayOfWeek;
                rate *= daily[(int)(((day % 7) + 7) % 7)];
            }
        }

        return cursor > 0 ? rate * Steps[cursor - 1].Factor : rate;
    }

    /// <summary>
    /// The end of the constant-rate piece that contains <paramref name="t"/>: the next local hour
    /// when the rate follows the clock, the next step, or +∞. Moves <paramref name="cursor"/> past the
    /// steps at or before t.
    /// </summary>
    internal double SegmentEnd(double t, double startHourOfDay, ref int cursor)
    {
        var steps = Steps;
        while (cursor < steps.Length && steps[cursor].AtHours <= t)
        {
            cursor++;
        }

        var end = cursor < steps.Length ? steps[cursor].AtHours : double.PositiveInfinity;
        if (FollowsClock)
        {
            var nextHour = Math.Floor(startHourOfDay + t) + 1 - startHourOfDay;
            if (!(nextHour > t))
            {
                nextHour = Math.Floor(startHourOfDay + t) + 2 - startHourOfDay; // t sits on an hour within rounding
            }

            end = Math.Min(end, nextHour);
        }

        return end;
    }
}

/// <summary>Where a share of a class's trucks that give up or are turned away go instead: another crossing's class, after a drive.</summary>
internal readonly record struct DiversionRoute(int ToClass, double ShareOfGaveUp, double ShareOfTurnedAway, double TravelHours);

/// <summary>A cargo category or queueing class as the simulation sees it: times in hours.</summary>
internal sealed record TruckClass(
    string Name,
    int Group,
    bool EarliestSpoilFirst,
    ArrivalProcess Arrivals,
    Distribution ServiceHours,
    double SpoilAfterHours,
    double ValueUsd)
{
    /// <summary>The crossing (station) whose lanes this class uses.</summary>
    public int Station { get; init; }

    /// <summary>How long a truck waits before it gives up; null for trucks that never do.</summary>
    public Distribution? PatienceHours { get; init; }

    public DiversionRoute[] Diversions { get; init; } = [];

    /// <summary>Called during a closure on the lanes kept open for it (perishables, aid let through a restriction).</summary>
    public bool LetThrough { get; init; }
}

/// <summary>Trucks that are called in turn: a group shares the calls of its level by <see cref="Share"/>.</summary>
/// <remarks>Lower levels are always called first (non-preemptive priority). Within a group the
/// truck at the head of its line (earliest arrival, or earliest spoiling) goes first.</remarks>
internal sealed record CallGroup(int Level, double Share)
{
    public int Station { get; init; }
}

/// <summary>From <see cref="AtHours"/> on, <see cref="Lanes"/> lanes are open; <see cref="Restricted"/>: only to classes let through a closure.</summary>
internal readonly record struct LaneStep(double AtHours, int Lanes, bool Restricted = false);

/// <summary>A truck already waiting when the simulation starts.</summary>
internal readonly record struct InitialTruck(int Class, double WaitedHours, double SpoilsInHours, double ValueUsd);

/// <summary>One crossing (one direction of it) or one server pool: its lanes over time and how many trucks it holds.</summary>
internal sealed record Station(string Name, LaneStep[] LaneSteps)
{
    /// <summary>Most trucks in the system (waiting and in service); arrivals beyond it are turned away.</summary>
    public int? Capacity { get; init; }

    /// <summary>Most trucks waiting (parking, the road to the gate); arrivals beyond it are turned away.</summary>
    public int? WaitingCapacity { get; init; }

    /// <summary>The closure after which the time to clear is measured, if any.</summary>
    public (double Start, double End)? Closure { get; init; }

    public double? ReopeningHours => Closure?.End;

    /// <summary>Local hour of day at time 0, for hour-of-day arrival rates.</summary>
    public double StartHourOfDay { get; init; }

    /// <summary>Local day of the week at time 0, Monday = 0, for day-of-week arrival factors.</summary>
    public int StartDayOfWeek { get; init; }
}

/// <summary>Everything one replication needs, compiled from a queue model, a crossing scenario or a network of crossings.</summary>
internal sealed class QueueingSystem
{
    public required TruckClass[] Classes { get; init; }

    public required CallGroup[] Groups { get; init; }

    public required Station[] Stations { get; init; }

    public InitialTruck[] InitialQueue { get; init; } = [];

    public double WarmupHours { get; init; }

    public required double HorizonHours { get; init; }

    /// <summary>Spacing of backlog samples; 0 takes none.</summary>
    public double BacklogStepHours { get; init; }

    /// <summary>Waits (minutes) whose exceedance probability P(W &gt; t) is reported.</summary>
    public double[] WaitThresholdsMinutes { get; init; } = [];

    public int BacklogSampleCount => BacklogStepHours > 0 ? (int)Math.Floor((HorizonHours / BacklogStepHours) + 1e-9) + 1 : 0;

    /// <summary>The lanes of the only station (a queue model or one crossing).</summary>
    public LaneStep[] LaneSteps => Stations[0].LaneSteps;

    /// <summary>The closure of the only station after which the time to clear is measured.</summary>
    public (double Start, double End)? Closure => Stations[0].Closure;

    public double? ReopeningHours => Stations[0].ReopeningHours;

    /// <summary>The closure that ends last: the one a forecast's time to clear refers to.</summary>
    public static (double Start, double End)? LastClosure(IEnumerable<(double Start, double Hours)> closures) =>
        closures.Select(c => ((double Start, double End)?)(c.Start, c.Start + c.Hours)).MaxBy(c => c!.Value.End);

    /// <summary>
    /// The rate steps that make arrivals follow closures: <paramref name="during"/> from each closure's
    /// start (hours into the closure → factor) until it ends, <paramref name="after"/> from its end
    /// (hours after the reopening → factor) until the next closure. Factor 1 before a phase's first step.
    /// </summary>
    public static RateStep[] ClosureSteps(
        IEnumerable<(double Start, double Hours)> closures,
        IReadOnlyList<(double FromHour, double Factor)> during,
        IReadOnlyList<(double FromHour, double Factor)> after)
    {
        var windows = closures.OrderBy(c => c.Start).ToArray();
        if (windows.Length == 0 || (during.Count == 0 && after.Count == 0))
        {
            return [];
        }

        // The latest closure begun by t decides: inside it the "during" profile, after it the "after" one.
        double FactorAt(double t)
        {
            var k = -1;
            for (var i = 0; i < windows.Length; i++)
            {
                if (windows[i].Start <= t)
                {
                    k = i;
                }
            }

            if (k < 0)
            {
                return 1;
            }

            var (start, hours) = windows[k];
            var (profile, since) = t < start + hours ? (during, t - start) : (after, t - start - hours);
            var factor = 1.0;
            foreach (var (fromHour, f) in profile)
            {
                if (fromHour <= since)
                {
                    factor = f;
                }
            }

            return factor;
        }

        var times = new SortedSet<double>();
        foreach (var (start, hours) in windows)
        {
            times.Add(start);
            times.Add(start + hours);
            foreach (var (fromHour, _) in during)
            {
                times.Add(start + fromHour);
            }

            foreach (var (fromHour, _) in after)
            {
                times.Add(start + hours + fromHour);
            }
        }

        var steps = new List<RateStep>();
        var current = 1.0;
        foreach (var at in times)
        {
            var factor = FactorAt(at);
            if (factor != current)
            {
                steps.Add(new RateStep(at, factor));
                current = factor;
            }
        }

        return [.. steps];
    }

    /// <summary>Lane steps from a base number of lanes, closures, windows with fewer lanes and daily operating hours.</summary>
    /// <remarks>
    /// During a closure no lane is open — unless <paramref name="letThroughLanes"/> is above 0: then that many (at most what the
    /// hours and windows leave open) stay open, restricted to the classes let through.
    /// </remarks>
    public static LaneStep[] BuildLaneSteps(
        int lanes,
        IEnumerable<(double Start, double Hours)> closures,
        IEnumerable<(double Start, double Hours, int Lanes)> reduced,
        (double Open, double Close)? operatingHours,
        double startHourOfDay,
        double horizonHours,
        int letThroughLanes = 0)
    {
        var closureList = closures.ToArray();
        var reducedList = reduced.ToArray();
        var boundaries = new SortedSet<double> { 0 };
        foreach (var (start, hours) in closureList)
        {
            boundaries.Add(Math.Max(0, start));
            boundaries.Add(Math.Max(0, start + hours));
        }

        foreach (var (start, hours, _) in reducedList)
        {
            boundaries.Add(Math.Max(0, start));
            boundaries.Add(Math.Max(0, start + hours));
        }

        if (operatingHours is { } op && !IsAllDay(op))
        {
            // Offsets of the daily opening and closing from time 0, repeated over the horizon.
            for (var day = -1.0; (day * 24) <= horizonHours + 24; day++)
            {
                foreach (var hourOfDay in new[] { op.Open, op.Close })
                {
                    var at = (day * 24) + hourOfDay - startHourOfDay;
                    if (at > 0)
                    {
                        boundaries.Add(at);
                    }
                }
            }
        }

        var steps = new List<LaneStep>();
        foreach (var at in boundaries.Where(b => b <= horizonHours))
        {
            var open = lanes;
            if (operatingHours is { } hours && !IsAllDay(hours) && !IsOperating(hours, (startHourOfDay + at) % 24))
            {
                open = 0;
            }

            foreach (var (start, length, fewer) in reducedList)
            {
                if (at >= start && at < start + length)
                {
                    open = Math.Min(open, fewer);
                }
            }

            var restricted = false;
            foreach (var (start, length) in closureList)
            {
                if (at >= start && at < start + length)
                {
                    open = Math.Min(open, letThroughLanes);
                    restricted = letThroughLanes > 0;
                }
            }

            if (steps.Count == 0 || steps[^1].Lanes != open || steps[^1].Restricted != restricted)
            {
                steps.Add(new LaneStep(at, open, restricted));
            }
        }

        return [.. steps];
    }

    private static bool IsAllDay((double Open, double Close) hours) => hours.Open == hours.Close;

    private static bool IsOperating((double Open, double Close) hours, double hourOfDay) =>
        hours.Open < hours.Close
            ? hourOfDay >= hours.Open && hourOfDay < hours.Close
            : hourOfDay >= hours.Open || hourOfDay < hours.Close;
}
