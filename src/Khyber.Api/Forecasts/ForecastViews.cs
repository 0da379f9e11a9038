using System.ComponentModel.DataAnnotations;
using Khyber.Simulation.Crossings;
using Khyber.Simulation.Statistics;

namespace Khyber.Api.Forecasts;

public sealed record ForecastRequest(
    [property: Required] string? CrossingId,
    [property: Required] string? Direction,
    ClosureRequest? Closure,
    [property: Required] double? HorizonHours,
    [property: Required] int? Replications,
    long? Seed,
    [property: Required] string? Policy,
    int? Lanes,
    bool? FromLiveQueue,
    IReadOnlyList<AlternativeRequest?>? Alternatives = null,
    bool? Calibrate = null);

/// <summary>A what-if plan: its name and what it changes in the forecast as asked (a field left out is as planned).</summary>
/// <remarks><c>letThrough</c>: cargo categories (<c>perishable</c>, <c>humanitarian</c>, …) whose trucks keep crossing during the closure, on the plan's lanes.</remarks>
public sealed record AlternativeRequest(
    [property: Required] string? Name,
    int? Lanes,
    bool? Hours24,
    double? CapacityPerLanePerHour,
    string? Policy,
    double? GreenLaneShare,
    double? ClosureHours,
    IReadOnlyList<string?>? LetThrough = null);

public sealed record ClosureRequest(DateTimeOffset? StartsAt, [property: Required] double? Hours);

/// <summary>
/// <c>POST /api/v1/forecasts</c>: the contract's figures for the asked policy at the top level, the other
/// policy side by side in <see cref="Alternative"/>, and the inputs the forecast was built from.
/// </summary>
public sealed record ForecastView(
    string CrossingId,
    string Direction,
    DateTimeOffset StartsAt,
    string Policy,
    int Replications,
    long Seed,
    bool Cached,
    IReadOnlyList<BacklogPointView> Backlog,
    ClearanceView? ClearanceHours,
    MeanP90View? StrandedCalledHours,
    IReadOnlyDictionary<string, WaitView> WaitMinutes,
    SpoiledView Spoiled,
    MeanView Crossed,
    MeanView LaneUtilisation,
    MeanView StillWaiting,
    ForecastVariantView Alternative,
    ForecastInputs Inputs)
{
    /// <summary>With what-if plans asked: the forecast as planned first, then each plan, on the same random numbers; null without.</summary>
    public IReadOnlyList<WhatIfView>? Alternatives { get; init; }

    /// <summary>The stored forecast, scored against what happened once its period has passed (<c>GET /api/v1/forecasts/accuracy</c>).</summary>
    public Guid ForecastId { get; init; }
}

/// <summary>
/// One plan's figures in a what-if comparison. <see cref="ClearedAfterHours"/> runs from now (the reopening plus the time to
/// clear), so plans that reopen at different times compare; null without a closure or when no run cleared within the horizon.
/// </summary>
public sealed record WhatIfView(
    string Name,
    AlternativeRequest? Changes,
    IReadOnlyList<BacklogPointView> Backlog,
    double? PeakBacklog,
    double? ReopensAfterHours,
    ClearanceView? ClearanceHours,
    double? ClearedAfterHours,
    SpoiledView Spoiled,
    MeanP90View GaveUp,
    MeanP90View TurnedAway,
    MeanP90View DivertedOut,
    MeanView Crossed,
    MeanView StillWaiting)
{
    public static WhatIfView Of(string name, AlternativeRequest? changes, CrossingForecastResult result, DateTimeOffset origin)
    {
        var figures = ForecastFigures.Of(result);
        var reopens = result.Scenario.Closures.Count == 0 ? (double?)null : result.Scenario.Closures.Max(c => c.StartHour + c.Hours);
        var peak = result.Backlog.Count == 0 ? (double?)null : ForecastFigures.N(result.Backlog.Max(b => b.Mean));
        var cleared = reopens is { } r && figures.ClearanceHours?.Mean is { } clearance ? Math.Round(r + clearance, 3) : (double?)null;
        return new WhatIfView(
            name,
            changes,
            figures.Points(origin),
            peak,
            reopens is { } hours ? Math.Round(hours, 3) : null,
            figures.ClearanceHours,
            cleared,
            figures.Spoiled,
            ForecastFigures.MeanP90(result.GaveUp),
            ForecastFigures.MeanP90(result.TurnedAway),
            ForecastFigures.MeanP90(result.DivertedOut),
            figures.Crossed,
            figures.StillWaiting);
    }
}

/// <summary>The same figures for the other policy, on the same random numbers.</summary>
public sealed record ForecastVariantView(
    string Policy,
    IReadOnlyList<BacklogPointView> Backlog,
    ClearanceView? ClearanceHours,
    MeanP90View? StrandedCalledHours,
    IReadOnlyDictionary<string, WaitView> WaitMinutes,
    SpoiledView Spoiled,
    MeanView Crossed,
    MeanView LaneUtilisation,
    MeanView StillWaiting);

public sealed record BacklogPointView(DateTimeOffset At, double? Mean, double? P10, double? P90);

/// <summary>Hours from the reopening until the backlog is back to its size when the closure began; how often that happened within the horizon.</summary>
public sealed record ClearanceView(double? Mean, double? P90, IReadOnlyList<double?> Ci99, double ClearedWithinHorizon);

public sealed record MeanP90View(double? Mean, double? P90, IReadOnlyList<double?> Ci99);

public sealed record MeanView(double? Mean, IReadOnlyList<double?> Ci99);

public sealed record WaitView(double? Mean, double? P50, double? P90, double? P99);

public sealed record SpoiledView(MeanP90View Trucks, MeanP90View ValueUsd);

/// <summary>What the forecast was built from, so a reader can judge it.</summary>
public sealed record ForecastInputs(
    int Lanes,
    int LanesMax,
    double ServiceRatePerLanePerHour,
    OperatingHoursView? OperatingHours,
    double PerishableShare,
    string GateNow,
    IReadOnlyList<ClosureView> Closures,
    ArrivalsView Arrivals,
    PerishablesView Perishables,
    int InitialQueue)
{
    /// <summary>With <c>calibrate</c> asked: what was estimated from the direction's history, from when, how sure, and what was used; null without.</summary>
    public CalibrationView? Calibration { get; init; }
}

/// <summary>
/// The estimates of a calibrated forecast over the history from <see cref="From"/> to <see cref="To"/> (<see cref="Trucks"/>
/// trucks checked in): each says its <c>source</c> — <c>history</c> when the estimate is used, else what was used instead.
/// </summary>
public sealed record CalibrationView(
    DateTimeOffset From,
    DateTimeOffset To,
    double Hours,
    int Trucks,
    CalibratedArrivalsView Arrivals,
    CalibratedFigureView ServiceRatePerLanePerHour,
    CalibratedFigureView GaveUpPerWaitingHour,
    CalibratedFigureView NoShowsPerCall);

/// <summary>
/// Arrival rates by category: <c>source</c> <c>history-by-hour</c> (each UTC hour of the day its own rate, from at least
/// <see cref="ThresholdHours"/> hours of history), or the flat rates of <c>inputs.arrivals</c> (<c>history</c> or <c>default</c>) when shorter.
/// </summary>
public sealed record CalibratedArrivalsView(string Source, double ThresholdHours, IReadOnlyDictionary<string, CategoryRatesView> Categories);

/// <summary>A category's trucks over the period, its rate an hour with the 90% interval, and the same for each UTC hour of the day (0–23).</summary>
public sealed record CategoryRatesView(long Trucks, double PerHour, IReadOnlyList<double> Ci90, IReadOnlyList<HourRateView> ByHourOfDay);

public sealed record HourRateView(int Hour, long Trucks, double PerHour, IReadOnlyList<double> Ci90);

/// <summary>
/// One estimated figure: the <see cref="Estimate"/> with its 90% interval from <see cref="Count"/> events (over
/// <see cref="ExposureHours"/> where a rate), the <see cref="Threshold"/> of the sample below which it is not used, the
/// <see cref="Source"/> of the value <see cref="Used"/> (<c>history</c>, <c>configured</c>, <c>none</c>, <c>not-simulated</c>).
/// </summary>
public sealed record CalibratedFigureView(string Source, double? Used, double? Estimate, IReadOnlyList<double?> Ci90, long Count, double? ExposureHours, double Threshold);

/// <summary>Each side's gate hours on its own clock, and the hours within the horizon when they do not both let trucks through.</summary>
public sealed record OperatingHoursView(IReadOnlyList<SideHoursView> Sides, double ShutHours);

/// <summary>One side's gate hours: <c>roundTheClock</c>, or local <c>opensAt</c>–<c>closesAt</c> (hh:mm) in <c>timeZone</c>.</summary>
public sealed record SideHoursView(string Country, string TimeZone, bool RoundTheClock, string? OpensAt, string? ClosesAt);

public sealed record ClosureView(DateTimeOffset StartsAt, DateTimeOffset EndsAt, double Hours);

/// <summary>Arrival rates per category: from <c>history</c> (trucks that checked in over <see cref="Hours"/> from <see cref="FromAt"/>) or the <c>default</c>.</summary>
public sealed record ArrivalsView(string Source, DateTimeOffset? FromAt, double Hours, int Trucks, IReadOnlyDictionary<string, double> PerHour);

/// <summary>
/// <see cref="SpoilAfterHours"/>: median shelf life left when a perishable joined the queue (its wait limit);
/// <see cref="ShelfLifeHours"/>: median from registration to spoiling; <see cref="ValueUsd"/>: mean value of a perishable truck.
/// </summary>
public sealed record PerishablesView(string Source, double SpoilAfterHours, double? ShelfLifeHours, double ValueUsd);

/// <summary>A forecast's figures with times as offsets from its start: what the cache keeps.</summary>
public sealed record ForecastFigures(
    string Policy,
    IReadOnlyList<BacklogPoint> Backlog,
    ClearanceView? ClearanceHours,
    MeanP90View? StrandedCalledHours,
    IReadOnlyDictionary<string, WaitView> WaitMinutes,
    SpoiledView Spoiled,
    MeanView Crossed,
    MeanView LaneUtilisation,
    MeanView StillWaiting)
{
    public static ForecastFigures Of(CrossingForecastResult result) => new(
        result.Scenario.Policy,
        result.Backlog,
        result.ClearanceHours is { } clearance
            ? new ClearanceView(N(clearance.Mean), N(clearance.P90), Ci(clearance), result.ClearedWithinHorizonFraction)
            : null,
        result.StrandedCalledHours is { } stranded ? MeanP90(stranded) : null,
        result.Categories.ToDictionary(
            c => c.Name,
            c => new WaitView(N(c.WaitMinutes.Mean.Mean), N(c.WaitMinutes.P50.Mean), N(c.WaitMinutes.P90.Mean), N(c.WaitMinutes.P99.Mean))),
        new SpoiledView(MeanP90(result.SpoiledTrucks), MeanP90(result.SpoiledValueUsd)),
        Mean(result.Crossed),
        Mean(result.LaneUtilisation),
        Mean(result.StillWaiting));

    public ForecastVariantView At(DateTimeOffset origin) => new(
        Policy, Points(origin), ClearanceHours, StrandedCalledHours, WaitMinutes, Spoiled, Crossed, LaneUtilisation, StillWaiting);

    public IReadOnlyList<BacklogPointView> Points(DateTimeOffset origin) =>
        [.. Backlog.Select(b => new BacklogPointView(origin.AddHours(b.AtHours), N(b.Mean), N(b.P10), N(b.P90)))];

    internal static MeanP90View MeanP90(Estimate e) => new(N(e.Mean), N(e.P90), Ci(e));

    private static MeanView Mean(Estimate e) => new(N(e.Mean), Ci(e));

    private static double?[] Ci(Estimate e) => [N(e.Ci99Lower), N(e.Ci99Upper)];

    /// <summary>Rounded for the wire; a figure with nothing to measure (no trucks of a category) is null rather than NaN.</summary>
    internal static double? N(double value) => double.IsFinite(value) ? Math.Round(value, 3) : null;
}
