using Khyber.Domain;
using Khyber.Domain.Crossings;
using Khyber.Domain.Forecasts;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;
using Khyber.Simulation;
using Khyber.Simulation.Calibration;
using Khyber.Simulation.Crossings;

namespace Khyber.Api.Forecasts;

/// <summary>A truck that checked in at the direction within the history window: what the arrival rates are read from.</summary>
public sealed record ArrivedTruck(CargoCategory Category, DateTimeOffset ArrivedAt, DateTimeOffset RegisteredAt, DateTimeOffset? SpoilsAt, decimal ValueUsd);

/// <summary>A validated forecast request, with the closure as offsets from the forecast's start.</summary>
public sealed record ForecastAsk(
    string CrossingId,
    Direction Direction,
    ClosureAsk? Closure,
    double HorizonHours,
    int Replications,
    long Seed,
    string Policy,
    int? Lanes,
    bool FromLiveQueue,
    bool Calibrate = false);

/// <summary>A closure as asked: from <see cref="StartsAt"/> (null: now) for <see cref="Hours"/>.</summary>
public sealed record ClosureAsk(DateTimeOffset? StartsAt, double Hours);

/// <summary>
/// Turns a crossing's configuration, its recent history, its gates and (optionally) its live queue into the
/// <see cref="CrossingScenario"/> the simulation runs, and says which figures it used.
/// </summary>
/// <remarks>
/// Plain C# over loaded rows, so the mapping is testable without a web host or a database.
/// Times in the scenario are hours from <c>origin</c>, the forecast's start (now, to the minute).
/// The crossing's operating hours are each side's local hours: the spans when both gates are not open are simulated as
/// windows with no lane open, so the scenario's hour of day (the UTC hour) plays no part in them.
/// </remarks>
public static class ForecastScenario
{
    /// <summary>Arrivals are counted over this many days before now.</summary>
    public const int HistoryDays = 14;

    /// <summary>Below this much observed time or this many trucks, history is too thin and the defaults are used.</summary>
    public const double MinimumHistoryHours = 24;

    public const int MinimumHistoryTrucks = 24;

    /// <summary>Without enough history, trucks arrive at this share of the open lanes' capacity…</summary>
    public const double DefaultLoad = 0.6;

    /// <summary>…split between categories like this.</summary>
    public static readonly IReadOnlyList<(CargoCategory Category, double Share)> DefaultMix =
    [
        (CargoCategory.Perishable, 0.25),
        (CargoCategory.Humanitarian, 0.05),
        (CargoCategory.General, 0.60),
        (CargoCategory.Transit, 0.10),
    ];

    /// <summary>Hours a perishable can wait in the queue before it spoils, without perishables in the history.</summary>
    public const double DefaultSpoilAfterHours = 48;

    /// <summary>Value of a truck's cargo without trucks of its category in the history.</summary>
    public const double DefaultValueUsd = 15_000;

    public static (CrossingScenario Scenario, ForecastInputs Inputs) Build(
        ForecastAsk ask,
        Crossing crossing,
        DirectionState gate,
        IReadOnlyCollection<ArrivedTruck> history,
        IReadOnlyCollection<Truck> liveQueue,
        DateTimeOffset origin,
        FieldErrors errors,
        HistoryEstimates? calibration = null)
    {
        var config = crossing.DirectionOf(ask.Direction);
        var lanes = ask.Lanes ?? config.LanesOpen;
        if (ask.Lanes is null && lanes < 1)
        {
            errors.Add("lanes", $"The direction has no lanes open in its configuration; say how many to forecast with (1–{config.LanesMax}).");
        }

        var closures = Closures(ask, gate, origin, errors);
        var closureEnd = closures.Count == 0 ? 0 : closures.Max(c => c.StartHour + c.Hours);
        errors.Require(closureEnd <= ask.HorizonHours, "horizonHours",
            $"Must reach at least the end of the closure, {closureEnd:0.##} hours from now.");

        var arrivals = Arrivals(history, origin, Math.Max(lanes, 1) * config.TrucksPerLanePerHour);
        var queued = ask.FromLiveQueue ? liveQueue.Where(t => t.Direction == ask.Direction && t.InQueue).ToList() : [];

        // Calibrated: the hour-of-day rates replace the flat ones of the same history, the lanes' measured rate the
        // configured one, and trucks give up at the measured rate — each only from a long enough history.
        var hourly = calibration is { HourOfDayEnough: true } && arrivals.Source == "history";
        var serviceRate = calibration is { ServiceEnough: true } ? calibration.ServiceRatePerLanePerHour!.Value : config.TrucksPerLanePerHour;
        var patience = calibration is { GivingUpEnough: true, GaveUpPerWaitingHour: { Events: > 0 } gaveUp } ? PatienceSpec.Exponential(1 / gaveUp.Value) : null;
        var categories = arrivals.PerHour.Keys
            .Concat(queued.Select(t => t.Category))
            .Distinct()
            .Order()
            .Select(c => new CargoFlow
            {
                Name = Name(c),
                ArrivalsPerHour = arrivals.PerHour.GetValueOrDefault(c),
                ArrivalsPerHourByHourOfDay = hourly && calibration!.Arrivals.FirstOrDefault(a => a.Category == Name(c)) is { } measured
                    ? [.. measured.ByHourOfDay.Select(r => r.Value)]
                    : null,
                SpoilAfterHours = c == CargoCategory.Perishable ? arrivals.SpoilAfterHours : null,
                ValueUsd = arrivals.ValueUsd.GetValueOrDefault(c, DefaultValueUsd),
                Patience = patience,
            })
            .ToList();

        var initialQueue = queued
            .OrderBy(t => t.ArrivedAt ?? t.WaitingSince ?? t.RegisteredAt)
            .Select(t => new QueuedTrucks
            {
                Category = Name(t.Category),
                Count = 1,
                WaitedMinutes = Math.Max(0, (origin - (t.ArrivedAt ?? t.WaitingSince ?? t.RegisteredAt)).TotalMinutes),
                // A perishable carries its own spoil time; the category's limit covers one without.
                SpoilsInMinutes = t.Category == CargoCategory.Perishable && t.SpoilsAt is { } spoils ? Math.Max(0, (spoils - origin).TotalMinutes) : null,
                ValueUsd = (double)t.ValueUsd,
            })
            .ToList();

        // The hours the crossing is shut over the horizon, found on each side's own clock (daylight saving included), are
        // windows with no lane open: a daily window in one zone could not hold two sides' clocks or a change of offset.
        var shut = crossing.ShutBetween(origin, origin.AddHours(ask.HorizonHours))
            .Select(w => new LaneWindow((w.From - origin).TotalHours, (w.To - w.From).TotalHours, 0))
            .Where(w => w.Hours > 0)
            .ToList();
        var scenario = new CrossingScenario
        {
            Name = ask.Policy,
            Lanes = lanes,
            ServiceRatePerLanePerHour = serviceRate,
            Categories = categories,
            Closures = closures,
            LaneWindows = shut,
            StartHourOfDay = origin.UtcDateTime.TimeOfDay.TotalHours,
            Policy = ask.Policy,
            PerishableShare = config.PerishableShare,
            InitialQueue = initialQueue,
            HorizonHours = ask.HorizonHours,
            Replications = ask.Replications,
            Seed = ask.Seed,
            // Side by side: the other queue policy on the same random numbers.
            Alternative = new CrossingAlternative { Name = OtherPolicy(ask.Policy), Policy = OtherPolicy(ask.Policy) },
        };

        var inputs = new ForecastInputs(
            lanes,
            config.LanesMax,
            serviceRate,
            crossing.RoundTheClock ? null : new OperatingHoursView(
                [.. crossing.Sides.OrderBy(x => x.Side).Select(x => new SideHoursView(
                    x.Side.ToString(), x.TimeZone, x.Hours is null, x.OpensAt is { } o ? GateHours.Text(o) : null, x.ClosesAt is { } c ? GateHours.Text(c) : null))],
                Math.Round(shut.Sum(w => w.Hours), 2)),
            config.PerishableShare,
            Kebab.Word(gate.State.ToString()),
            [.. closures.Select(c => new ClosureView(origin.AddHours(c.StartHour), origin.AddHours(c.StartHour + c.Hours), c.Hours))],
            new ArrivalsView(
                arrivals.Source,
                arrivals.FromAt,
                arrivals.Hours,
                arrivals.Trucks,
                categories.ToDictionary(c => c.Name, c => Math.Round(c.ArrivalsPerHour, 4))),
            new PerishablesView(arrivals.PerishableSource, arrivals.SpoilAfterHours, arrivals.ShelfLifeHours, arrivals.ValueUsd.GetValueOrDefault(CargoCategory.Perishable, DefaultValueUsd)),
            initialQueue.Count)
        {
            Calibration = calibration is null ? null : CalibrationOf(calibration, hourly, arrivals.Source, serviceRate, patience is not null),
        };
        return (scenario, inputs);
    }

    /// <summary>The period a calibration reads: the same as the arrival rates' (from the first recorded arrival within <see cref="HistoryDays"/> days).</summary>
    public static DateTimeOffset CalibrationFrom(IReadOnlyCollection<ArrivedTruck> history, DateTimeOffset origin)
    {
        var trucks = history.Where(t => t.ArrivedAt >= origin.AddDays(-HistoryDays) && t.ArrivedAt <= origin).ToList();
        return trucks.Count == 0 ? origin : trucks.Min(t => t.ArrivedAt);
    }

    /// <summary>What the answer says of a calibration: every estimate with its interval and sample, and what the forecast used.</summary>
    private static CalibrationView CalibrationOf(HistoryEstimates e, bool hourly, string arrivalsSource, double serviceRate, bool givesUp)
    {
        static double R(double value) => Math.Round(value, 4);
        static IReadOnlyList<double?> Ci(double lower, double? upper) => [R(lower), upper is { } u ? R(u) : null];
        var service = e.ServiceRatePerLanePerHour;
        var gaveUp = e.GaveUpPerWaitingHour;
        var noShows = e.NoShowsPerCall;
        return new CalibrationView(
            e.From,
            e.To,
            Math.Round(e.Hours, 2),
            e.Trucks,
            new CalibratedArrivalsView(
                hourly ? "history-by-hour" : arrivalsSource,
                HistoryCalibration.MinimumHoursForHourOfDay,
                e.Arrivals.ToDictionary(a => a.Category, a => new CategoryRatesView(
                    a.PerHour.Events,
                    R(a.PerHour.Value),
                    [R(a.PerHour.Ci90Lower), R(a.PerHour.Ci90Upper)],
                    [.. a.ByHourOfDay.Select((r, h) => new HourRateView(h, r.Events, R(r.Value), [R(r.Ci90Lower), R(r.Ci90Upper)]))]))),
            new CalibratedFigureView(
                e.ServiceEnough ? "history" : "configured",
                R(serviceRate),
                service is null ? null : R(service.Value),
                service is null ? [null, null] : Ci(service.Ci90Lower, service.Ci90Upper),
                service?.Trucks ?? 0,
                null,
                HistoryCalibration.MinimumServedTrucks),
            new CalibratedFigureView(
                givesUp ? "history" : "none",
                givesUp ? R(gaveUp.Value) : null,
                gaveUp.ExposureHours > 0 ? R(gaveUp.Value) : null,
                gaveUp.ExposureHours > 0 ? Ci(gaveUp.Ci90Lower, gaveUp.Ci90Upper) : [null, null],
                gaveUp.Events,
                Math.Round(gaveUp.ExposureHours, 2),
                HistoryCalibration.MinimumWaitingHours),
            new CalibratedFigureView(
                "not-simulated",
                null,
                noShows is null ? null : R(noShows.Value),
                noShows is null ? [null, null] : Ci(noShows.Ci90Lower, noShows.Ci90Upper),
                noShows?.Events ?? 0,
                null,
                HistoryCalibration.MinimumCalls));
    }

    /// <summary>
    /// The scenario of a what-if plan: the one as planned with the plan's changes, the same arrivals, queue and seed (so
    /// every plan meets the same trucks on the same random numbers, and the differences are the plans' own).
    /// </summary>
    /// <remarks>
    /// <c>hours24</c> drops the windows when the gates are shut (the only lane windows the forecast has);
    /// <c>closureHours</c> is the asked closure with another length, from the same start (from now without one);
    /// <c>letThrough</c> keeps the plan's lanes (its own or the direction's) open to those categories during the closure.
    /// Errors name the plan's fields under <paramref name="at"/> (<c>alternatives[1]</c>).
    /// </remarks>
    public static CrossingScenario WhatIf(
        CrossingScenario planned,
        ForecastAsk ask,
        WhatIf plan,
        Crossing crossing,
        DirectionState gate,
        DateTimeOffset origin,
        string at,
        FieldErrors errors)
    {
        var config = crossing.DirectionOf(ask.Direction);
        errors.Require(plan.Lanes is null || plan.Lanes <= config.LanesMax, $"{at}.lanes", $"Between 1 and the direction's {config.LanesMax} lanes.");
        IReadOnlyList<ClosureWindow>? closures = null;
        if (plan.ClosureHours is { } hours)
        {
            var closureErrors = new FieldErrors();
            closures = Closures(ask with { Closure = new ClosureAsk(ask.Closure?.StartsAt, hours) }, gate, origin, closureErrors);
            foreach (var e in closureErrors.All)
            {
                errors.Add($"{at}.closureHours", e.Message);
            }
            var end = closures.Count == 0 ? 0 : closures.Max(c => c.StartHour + c.Hours);
            errors.Require(end <= ask.HorizonHours, $"{at}.closureHours", $"The reopening, {end:0.##} hours from now, must fall within the horizon ({ask.HorizonHours:0.##} hours).");
        }
        // Categories let through that do not come to this direction in the forecast have no trucks to let through.
        var letThrough = plan.LetThrough.Select(Name).Where(name => planned.Categories.Any(c => c.Name == name)).ToList();
        if (plan.LetThrough.Count > 0 && (closures ?? planned.Closures).Count == 0)
        {
            errors.Add($"{at}.letThrough", "Nothing to let through: the forecast has no closure (ask for one, or give this plan closureHours).");
        }
        var scenario = planned.With(new CrossingAlternative
        {
            Name = plan.Name,
            Lanes = plan.Lanes,
            Policy = plan.Policy,
            PerishableShare = plan.GreenLaneShare,
            ServiceRatePerLanePerHour = plan.CapacityPerLanePerHour,
            Closures = closures,
            LaneWindows = plan.Hours24 ? [] : null,
            LetThrough = letThrough.Count > 0 ? letThrough : null,
        });
        // A plan whose every change is what was planned anyway (the lanes open now, a crossing already open round the clock) would only repeat it.
        errors.Require(
            CrossingForecast.CacheKey(scenario with { Name = planned.Name }) != CrossingForecast.CacheKey(planned with { Alternative = null }),
            at,
            "This plan changes nothing: each of its values is the forecast's own. Change at least one.");
        return scenario;
    }

    public static string OtherPolicy(string policy) => policy == "fifo" ? "green-lane" : "fifo";

    public static string Name(CargoCategory category) => Kebab.Word(category.ToString());

    /// <summary>
    /// The closure windows to simulate. The asked closure runs from its start (now if none) for its hours;
    /// a part already past is not simulated. A direction closed now stays closed until the asked closure
    /// begins — or until its notices expect it to reopen, if that is sooner. Without an asked closure, a
    /// direction closed now is closed until its expected reopening, which must then be known.
    /// </summary>
    private static List<ClosureWindow> Closures(ForecastAsk ask, DirectionState gate, DateTimeOffset origin, FieldErrors errors)
    {
        var windows = new List<ClosureWindow>();
        var closedNow = gate.State == GateState.Closed;
        double? reopensIn = closedNow && gate.ExpectedUntil is { } until && until > origin ? (until - origin).TotalHours : null;
        if (ask.Closure is not { } closure)
        {
            if (closedNow && reopensIn is null)
            {
                errors.Add("closure.hours", "The direction is closed now with no expected reopening: say how long the closure lasts.");
            }
            else if (reopensIn is { } hours)
            {
                windows.Add(new ClosureWindow(0, hours));
            }
            return windows;
        }

        var start = Math.Max(0, ((closure.StartsAt ?? origin) - origin).TotalHours);
        var end = ((closure.StartsAt ?? origin) - origin).TotalHours + closure.Hours;
        if (closure.Hours > 0 && end <= 0)
        {
            errors.Add("closure.startsAt", "The closure is over before now; forecast a closure that is still to come or in force.");
            return windows;
        }

        if (closedNow && start > 0)
        {
            if (reopensIn is { } reopen && reopen < start)
            {
                windows.Add(new ClosureWindow(0, reopen));
            }
            else
            {
                // Closed from now, straight into the asked closure.
                windows.Add(new ClosureWindow(0, Math.Max(start, end)));
                return windows;
            }
        }

        if (end > start)
        {
            windows.Add(new ClosureWindow(start, end - start));
        }
        return windows;
    }

    private sealed record ArrivalFigures(
        string Source,
        DateTimeOffset? FromAt,
        double Hours,
        int Trucks,
        IReadOnlyDictionary<CargoCategory, double> PerHour,
        string PerishableSource,
        double SpoilAfterHours,
        double? ShelfLifeHours,
        IReadOnlyDictionary<CargoCategory, double> ValueUsd);

    /// <summary>Arrivals per hour per category over the history window, or the defaults when history is thin.</summary>
    /// <remarks>
    /// The window is the last <see cref="HistoryDays"/> days, or less when the crossing's recorded history is
    /// younger: it starts at the first recorded arrival, so a young history is not diluted by days with no records.
    /// </remarks>
    private static ArrivalFigures Arrivals(IReadOnlyCollection<ArrivedTruck> history, DateTimeOffset origin, double capacityPerHour)
    {
        var windowStart = origin.AddDays(-HistoryDays);
        var trucks = history.Where(t => t.ArrivedAt >= windowStart && t.ArrivedAt <= origin).ToList();
        var first = trucks.Count == 0 ? origin : trucks.Min(t => t.ArrivedAt);
        var hours = (origin - first).TotalHours;
        var enough = hours >= MinimumHistoryHours && trucks.Count >= MinimumHistoryTrucks;

        var perHour = enough
            ? trucks.GroupBy(t => t.Category).ToDictionary(g => g.Key, g => g.Count() / hours)
            : DefaultMix.ToDictionary(m => m.Category, m => m.Share * DefaultLoad * capacityPerHour);
        var values = trucks.GroupBy(t => t.Category).ToDictionary(g => g.Key, g => (double)g.Average(t => t.ValueUsd));

        // The queue's spoil limit is the shelf life left when a perishable joins the queue: spoilsAt − arrival.
        var perishables = trucks.Where(t => t.Category == CargoCategory.Perishable && t.SpoilsAt is not null).ToList();
        var leftAtArrival = perishables.Select(t => Math.Max(0, (t.SpoilsAt!.Value - t.ArrivedAt).TotalHours)).ToList();
        var shelfLife = perishables.Select(t => (t.SpoilsAt!.Value - t.RegisteredAt).TotalHours).ToList();
        return new ArrivalFigures(
            enough ? "history" : "default",
            trucks.Count == 0 ? null : first,
            Math.Round(hours, 2),
            trucks.Count,
            perHour,
            perishables.Count > 0 ? "history" : "default",
            perishables.Count > 0 ? Math.Round(Median(leftAtArrival), 2) : DefaultSpoilAfterHours,
            perishables.Count > 0 ? Math.Round(Median(shelfLife), 2) : null,
            values);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
