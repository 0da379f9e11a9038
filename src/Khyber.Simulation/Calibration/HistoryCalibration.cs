namespace Khyber.Simulation.Calibration;

/// <summary>One truck of a crossing's recorded history, from its check-in on, as the calibration reads it.</summary>
/// <param name="Category">Its cargo category's word (<c>perishable</c>).</param>
/// <param name="ArrivedAt">When it checked in at the waiting area: it joined the queue.</param>
/// <param name="CalledAt">Its last call forward, if any.</param>
/// <param name="ExitedAt">When it left through the gate (after <paramref name="CalledAt"/>).</param>
/// <param name="GaveUpAt">When it left the queue unserved of its own accord (cancelled while waiting for a call).</param>
/// <param name="LeftAt">When it left the queue otherwise before a call (spoiled, rejected): its wait ends, but it did not give up.</param>
/// <param name="NoShows">Calls it did not answer (each sent it to the back of the queue).</param>
public sealed record HistoryTruck(
    string Category,
    DateTimeOffset ArrivedAt,
    DateTimeOffset? CalledAt = null,
    DateTimeOffset? ExitedAt = null,
    DateTimeOffset? GaveUpAt = null,
    DateTimeOffset? LeftAt = null,
    int NoShows = 0);

/// <summary>Events per hour of exposure (a Poisson rate) with its exact 90% interval.</summary>
public sealed record RateEstimate(double Value, double Ci90Lower, double Ci90Upper, long Events, double ExposureHours);

/// <summary>A share of trials (a binomial proportion) with its 90% Wilson interval.</summary>
public sealed record ProportionEstimate(double Value, double Ci90Lower, double Ci90Upper, long Events, long Trials);

/// <summary>
/// Trucks one lane clears an hour: 1 / the mean time from call to exit, with the 90% interval of that mean (Student's t)
/// inverted; <see cref="Ci90Upper"/> is null when the interval of the mean reaches zero.
/// </summary>
public sealed record ServiceEstimate(double Value, double Ci90Lower, double? Ci90Upper, long Trucks, double MeanMinutes);

/// <summary>One category's arrivals: over the whole period, and by hour of the day (UTC, 0–23).</summary>
public sealed record CategoryArrivals(string Category, RateEstimate PerHour, IReadOnlyList<RateEstimate> ByHourOfDay);

/// <summary>What a crossing's history says about its arrivals, lanes and trucks that give up or do not answer their call, over [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record HistoryEstimates(
    DateTimeOffset From,
    DateTimeOffset To,
    double Hours,
    int Trucks,
    IReadOnlyList<CategoryArrivals> Arrivals,
    ServiceEstimate? ServiceRatePerLanePerHour,
    RateEstimate GaveUpPerWaitingHour,
    ProportionEstimate? NoShowsPerCall)
{
    /// <summary>Each hour of the day seen at least a week of times: the hour-of-day profile can stand in for the flat rate.</summary>
    public bool HourOfDayEnough => Hours >= HistoryCalibration.MinimumHoursForHourOfDay;

    public bool ServiceEnough => ServiceRatePerLanePerHour is { Trucks: >= HistoryCalibration.MinimumServedTrucks };

    public bool GivingUpEnough => GaveUpPerWaitingHour.ExposureHours >= HistoryCalibration.MinimumWaitingHours;

    public bool NoShowsEnough => NoShowsPerCall is { Trials: >= HistoryCalibration.MinimumCalls };
}

/// <summary>
/// Estimates from a crossing's history: arrival rates per category and hour of day, the service rate of a lane, how often
/// a waiting truck gives up and how often a call goes unanswered — each with its sample and a 90% interval.
/// </summary>
/// <remarks>
/// Plain arithmetic over the records, so exact cases can be checked by hand:
/// arrivals of a category in an hour of day ÷ the hours of that hour of day in the period (a Poisson rate, exact Garwood
/// interval); giving up ÷ truck-hours spent waiting (the maximum-likelihood rate of exponential patience, censored by the
/// call — the Erlang A model's θ); service: 1 ÷ the mean time from call to exit; no-shows ÷ calls (Wilson interval).
/// </remarks>
public static class HistoryCalibration
{
    /// <summary>A week: every hour of the day seen seven times before its own rate replaces the flat one.</summary>
    public const double MinimumHoursForHourOfDay = 168;

    /// <summary>Trucks both called and exited before the lanes' rate replaces the configured one.</summary>
    public const int MinimumServedTrucks = 30;

    /// <summary>Truck-hours of waiting before the rate of giving up is used.</summary>
    public const double MinimumWaitingHours = 100;

    /// <summary>Calls before the no-show share is stated as estimated.</summary>
    public const int MinimumCalls = 30;

    /// <summary>The normal 0.95 quantile: a two-sided 90% interval.</summary>
    public const double Z90 = 1.6448536269514722;

    private const double Alpha = 0.05;

    public static HistoryEstimates Estimate(IReadOnlyCollection<HistoryTruck> history, DateTimeOffset from, DateTimeOffset to)
    {
        var trucks = history.Where(t => t.ArrivedAt >= from && t.ArrivedAt < to).ToList();
        var hours = Math.Max(0, (to - from).TotalHours);
        var exposure = ExposureByHourOfDay(from, to);
        var arrivals = trucks
            .GroupBy(t => t.Category)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var byHour = new long[24];
                foreach (var t in g)
                {
                    byHour[t.ArrivedAt.UtcDateTime.Hour]++;
                }
                return new CategoryArrivals(g.Key, Rate(g.Count(), hours), [.. Enumerable.Range(0, 24).Select(h => Rate(byHour[h], exposure[h]))]);
            })
            .ToList();

        // Call to exit, of the trucks that crossed within the period.
        var service = trucks
            .Where(t => t is { CalledAt: not null, ExitedAt: not null } && t.ExitedAt >= t.CalledAt && t.ExitedAt <= to)
            .Select(t => (t.ExitedAt!.Value - t.CalledAt!.Value).TotalHours)
            .ToList();

        // Waiting: from check-in to the (last) call, giving up or leaving otherwise, within the period.
        var waitingHours = 0.0;
        var gaveUp = 0L;
        foreach (var t in trucks)
        {
            var end = Min(Min(t.CalledAt, t.GaveUpAt), t.LeftAt) ?? to;
            waitingHours += Math.Max(0, ((end < to ? end : to) - t.ArrivedAt).TotalHours);
            if (t.GaveUpAt is { } left && left <= to && t.ExitedAt is null)
            {
                gaveUp++;
            }
        }

        var noShows = trucks.Sum(t => (long)t.NoShows);
        var calls = noShows + trucks.Count(t => t.CalledAt is not null);
        return new HistoryEstimates(
            from,
            to,
            hours,
            trucks.Count,
            arrivals,
            service.Count == 0 ? null : Service(service),
            Rate(gaveUp, waitingHours),
            calls == 0 ? null : Proportion(noShows, calls));
    }

    /// <summary>Events ÷ exposure with the exact (Garwood) 90% interval of a Poisson count; no exposure: all zero.</summary>
    public static RateEstimate Rate(long events, double exposureHours)
    {
        if (exposureHours <= 0)
        {
            return new RateEstimate(0, 0, 0, events, 0);
        }
        var (lower, upper) = PoissonInterval90(events);
        return new RateEstimate(events / exposureHours, lower / exposureHours, upper / exposureHours, events, exposureHours);
    }

    /// <summary>
    /// The exact two-sided 90% interval of a Poisson mean after <paramref name="events"/> events: the means under which
    /// seeing at least that many (lower) or at most that many (upper) has probability 5%. 0 events: [0, ln 20].
    /// </summary>
    public static (double Lower, double Upper) PoissonInterval90(long events)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        var lower = events == 0 ? 0 : Solve(m => 1 - PoissonCdf(events - 1, m) - Alpha, 0, events);
        var upper = Solve(m => Alpha - PoissonCdf(events, m), events, events + (10 * Math.Sqrt(events + 1)) + 10);
        return (lower, upper);
    }

    /// <summary>The Wilson score 90% interval of a proportion.</summary>
    public static ProportionEstimate Proportion(long events, long trials)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        double p = (double)events / trials, n = trials, z2 = Z90 * Z90;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = Z90 / (1 + (z2 / n)) * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return new ProportionEstimate(p, Math.Max(0, centre - half), Math.Min(1, centre + half), events, trials);
    }

    /// <summary>1 ÷ the mean service time (hours), the 90% t interval of the mean inverted; one truck: no interval beyond its own value.</summary>
    public static ServiceEstimate Service(IReadOnlyList<double> hours)
    {
        var n = hours.Count;
        var mean = hours.Average();
        var half = n < 2 ? 0 : Statistics.StudentT.Quantile95(n - 1) * Math.Sqrt(hours.Sum(h => (h - mean) * (h - mean)) / (n - 1) / n);
        var rate = mean > 0 ? 1 / mean : double.PositiveInfinity;
        return new ServiceEstimate(rate, 1 / (mean + half), mean - half > 0 ? 1 / (mean - half) : null, n, mean * 60);
    }

    /// <summary>Hours of each hour of the day (UTC) between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static double[] ExposureByHourOfDay(DateTimeOffset from, DateTimeOffset to)
    {
        var exposure = new double[24];
        var t = from.ToUniversalTime();
        while (t < to)
        {
            var next = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
            var end = next < to ? next : to.ToUniversalTime();
            exposure[t.Hour] += (end - t).TotalHours;
            t = end;
        }
        return exposure;
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>P(X ≤ k) for X ~ Poisson(m), summed in logs so that large counts neither underflow nor overflow.</summary>
    private static double PoissonCdf(long k, double m)
    {
        if (m <= 0)
        {
            return 1;
        }
        var logM = Math.Log(m);
        var logTerm = -m; // i = 0
        // Σ exp(logTerm), kept as exp(max) × sum and rescaled when a larger term comes.
        var max = logTerm;
        var sum = 1.0;
        for (var i = 1; i <= k; i++)
        {
            logTerm += logM - Math.Log(i);
            if (logTerm > max)
            {
                sum = (sum * Math.Exp(max - logTerm)) + 1;
                max = logTerm;
            }
            else
            {
                sum += Math.Exp(logTerm - max);
            }
        }
        return Math.Min(1, Math.Exp(max + Math.Log(sum)));
    }

    /// <summary>The root of an increasing <paramref name="f"/> on [lo, hi], by bisection to double precision.</summary>
    private static double Solve(Func<double, double> f, double lo, double hi)
    {
        for (var i = 0; i < 200 && hi - lo > 1e-12 * Math.Max(1, hi); i++)
        {
            var mid = (lo + hi) / 2;
            if (f(mid) < 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
