using Khyber.Simulation.Engine;

namespace Khyber.Simulation.Replications;

/// <summary>How trucks of one class arrive.</summary>
internal sealed record ArrivalProcess
{
    private ArrivalProcess(double ratePerHour, double[]? hourly, bool deterministic)
    {
        RatePerHour = ratePerHour;
        HourlyRates = hourly;
        Deterministic = deterministic;
    }

    public double RatePerHour { get; }

    /// <summary>Rates for each hour of the day (0–23), or null for a constant rate.</summary>
    public double[]? HourlyRates { get; }

    public bool Deterministic { get; }

    public static ArrivalProcess None { get; } = new(0, null, false);

    public static ArrivalProcess Poisson(double ratePerHour) => new(ratePerHour, null, false);

    /// <summary>Evenly spaced arrivals, the first at time 0.</summary>
    public static ArrivalProcess Regular(double ratePerHour) => new(ratePerHour, null, true);

    /// <summary>A Poisson process whose rate changes with the hour of the day (sampled by thinning at the peak rate).</summary>
    public static ArrivalProcess PoissonByHourOfDay(double[] hourlyRates) =>
        hourlyRates.Length == 24 ? new(hourlyRates.Max(), hourlyRates, false) : throw new ArgumentException("Need 24 hourly rates.", nameof(hourlyRates));
}

/// <summary>A cargo category or queueing class as the simulation sees it: times in hours.</summary>
internal sealed record TruckClass(
    string Name,
    int Group,
    bool EarliestSpoilFirst,
    ArrivalProcess Arrivals,
    Distribution ServiceHours,
    double SpoilAfterHours,
    double ValueUsd);

/// <summary>Trucks that are called in turn: a group shares the calls of its level by <see cref="Share"/>.</summary>
/// <remarks>Lower levels are always called first (non-preemptive priority). Within a group the
/// truck at the head of its line (earliest arrival, or earliest spoiling) goes first.</remarks>
internal sealed record CallGroup(int Level, double Share);

/// <summary>From <see cref="AtHours"/> on, <see cref="Lanes"/> lanes are open.</summary>
internal readonly record struct LaneStep(double AtHours, int Lanes);

/// <summary>A truck already waiting when the simulation starts.</summary>
internal readonly record struct InitialTruck(int Class, double WaitedHours, double SpoilsInHours, double ValueUsd);

/// <summary>Everything one replication needs, compiled from a queue model or a crossing scenario.</summary>
internal sealed class QueueingSystem
{
    public required TruckClass[] Classes { get; init; }

    public required CallGroup[] Groups { get; init; }

    /// <summary>Lane count over time; the first step is at time 0.</summary>
    public required LaneStep[] LaneSteps { get; init; }

    /// <summary>Most trucks in the system (waiting and in service); arrivals beyond it are turned away.</summary>
    public int? Capacity { get; init; }

    public InitialTruck[] InitialQueue { get; init; } = [];

    public double WarmupHours { get; init; }

    public required double HorizonHours { get; init; }

    /// <summary>Hour of day at time 0, for hour-of-day arrival rates.</summary>
    public double StartHourOfDay { get; init; }

    /// <summary>Spacing of backlog samples; 0 takes none.</summary>
    public double BacklogStepHours { get; init; }

    /// <summary>The closure after which the time to clear is measured, if any.</summary>
    public (double Start, double End)? Closure { get; init; }

    public double? ReopeningHours => Closure?.End;

    /// <summary>The closure that ends last: the one a forecast's time to clear refers to.</summary>
    public static (double Start, double End)? LastClosure(IEnumerable<(double Start, double Hours)> closures) =>
        closures.Select(c => ((double Start, double End)?)(c.Start, c.Start + c.Hours)).MaxBy(c => c!.Value.End);

    /// <summary>Waits (minutes) whose exceedance probability P(W &gt; t) is reported.</summary>
    public double[] WaitThresholdsMinutes { get; init; } = [];

    public int BacklogSampleCount => BacklogStepHours > 0 ? (int)Math.Floor((HorizonHours / BacklogStepHours) + 1e-9) + 1 : 0;

    /// <summary>Lane steps from a base number of lanes, closures, windows with fewer lanes and daily operating hours.</summary>
    public static LaneStep[] BuildLaneSteps(
        int lanes,
        IEnumerable<(double Start, double Hours)> closures,
        IEnumerable<(double Start, double Hours, int Lanes)> reduced,
        (double Open, double Close)? operatingHours,
        double startHourOfDay,
        double horizonHours)
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

            foreach (var (start, length) in closureList)
            {
                if (at >= start && at < start + length)
                {
                    open = 0;
                }
            }

            if (steps.Count == 0 || steps[^1].Lanes != open)
            {
                steps.Add(new LaneStep(at, open));
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
