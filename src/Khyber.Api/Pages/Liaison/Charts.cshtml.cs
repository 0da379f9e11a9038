using System.Text;
using Khyber.Api.Crossings;
using Khyber.Api.Forecasts;
using Khyber.Api.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Khyber.Api.Pages.Liaison;

/// <summary>One queue policy's figures in the forecast table, with its backlog for the chart.</summary>
public sealed record ForecastRow(string Policy, double? ClearanceHours, double? SpoiledTrucks, double? SpoiledValueUsd, double? Crossed, IReadOnlyList<BacklogPointView> Backlog);

/// <summary>One plan's figures in the what-if table: days to clear counted from now, so plans reopening at other times compare.</summary>
public sealed record WhatIfRow(
    string Name,
    double? DaysToClear,
    double? PeakBacklog,
    double? SpoiledTrucks,
    double? SpoiledValueUsd,
    double? GaveUp,
    double? TurnedAway,
    double? Diverted,
    IReadOnlyList<BacklogPointView> Backlog)
{
    /// <summary>The categories the plan lets through the closure, in the reader's language; empty: none.</summary>
    public IReadOnlyList<string> LetThrough { get; init; } = [];
}

/// <summary>Stranded trucks and crossings over time for a crossing, and a forecast of a closure, as charts — read through the API's own use cases.</summary>
public sealed class ChartsModel(ListCrossings listCrossings, GetStrandedHistory getHistory, GetCrossedPerDay getCrossed, GetForecastAccuracy getAccuracy, TimeProvider time, IStringLocalizer<Text> text) : KhyberPage
{
    public const int Days = 7;

    public IReadOnlyList<CrossingView> Crossings { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string Crossing { get; set; } = "torkham";

    public string CrossingName => Crossings.FirstOrDefault(c => c.Id == Crossing)?.Name ?? Crossing;

    public IReadOnlyList<StrandedPointView> History { get; private set; } = [];

    public IReadOnlyList<(DateOnly Day, int Exited)> CrossedPerDay { get; private set; } = [];

    public ForecastForm Forecast { get; private set; } = new();

    /// <summary>The asked policy first, then the other, side by side on the same random numbers; empty until a forecast is run.</summary>
    public IReadOnlyList<ForecastRow> ForecastRows { get; private set; } = [];

    public string? ForecastChart { get; private set; }

    /// <summary>The forecast as planned first, then each what-if plan; empty unless plans were asked.</summary>
    public IReadOnlyList<WhatIfRow> WhatIfRows { get; private set; } = [];

    public string? WhatIfChart { get; private set; }

    /// <summary>The crossing's stored forecasts scored against what happened, with their running accuracy.</summary>
    public ForecastAccuracyView? Accuracy { get; private set; }

    protected override async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Crossings = await listCrossings.HandleAsync(ct);
        if (Crossings.All(c => c.Id != Crossing))
        {
            Crossing = Crossings.FirstOrDefault()?.Id ?? "";
        }
        var now = time.GetUtcNow();
        History = await Infrastructure.Paging.AllAsync(page => getHistory.HandleAsync(Crossing, new StrandedHistoryQuery(From: now.AddDays(-Days)), page, ct), GetStrandedHistory.MaxLimit);
        CrossedPerDay = [.. (await getCrossed.HandleAsync(Crossing, Days + 1, ct)).Select(d => (d.Day, d.Exited))];
        Accuracy = string.IsNullOrEmpty(Crossing) ? null : await getAccuracy.HandleAsync(Me, Crossing, ct);
    }

    public string StatusName(string status) => status switch
    {
        "scored" => text["Scored"],
        "pending" => text["Pending"],
        "no-closure" => text["No closure"],
        _ => text["No record"],
    };

    /// <summary>The stranded chart as an SVG image: trucks stranded per direction over the last days.</summary>
    public async Task<IActionResult> OnGetStrandedChartAsync()
    {
        await LoadAsync();
        var series = new[] { "PK-AF", "AF-PK" }
            .Select(d => (Display.DirectionName(d, text), (IReadOnlyList<(DateTimeOffset, double)>)History.Where(p => p.Direction == d).Select(p => (p.At, (double)p.Trucks)).ToList()))
            .ToList();
        var svg = Chart.Lines(text["Stranded trucks: {0}", CrossingName], text["Trucks"], series);
        return Content(svg, "image/svg+xml", Encoding.UTF8);
    }

    /// <summary>The crossings chart as an SVG image: trucks that left through the gate per day.</summary>
    public async Task<IActionResult> OnGetCrossedChartAsync()
    {
        await LoadAsync();
        var points = CrossedPerDay.Select(d => (new DateTimeOffset(d.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), (double)d.Exited)).ToList();
        var svg = Chart.Lines(text["Trucks crossed per day: {0}", CrossingName], text["Trucks"], [(text["Crossed"], points)]);
        return Content(svg, "image/svg+xml", Encoding.UTF8);
    }

    public async Task<IActionResult> OnPostForecastAsync([FromForm(Name = "forecast")] ForecastForm forecast, [FromServices] RunForecast run)
    {
        Forecast = forecast;
        Crossing = forecast.Crossing;
        ForecastView result;
        try
        {
            result = await run.HandleAsync(Me, forecast.ToRequest(), HttpContext.RequestAborted);
        }
        catch (Infrastructure.ApiProblemException refusal)
        {
            return await RefusedAsync(refusal, "forecast");
        }
        await LoadAsync();
        var alternative = result.Alternative;
        ForecastRows =
        [
            new(result.Policy, result.ClearanceHours?.Mean, result.Spoiled.Trucks.Mean, result.Spoiled.ValueUsd.Mean, result.Crossed.Mean, result.Backlog),
            new(alternative.Policy, alternative.ClearanceHours?.Mean, alternative.Spoiled.Trucks.Mean, alternative.Spoiled.ValueUsd.Mean, alternative.Crossed.Mean, alternative.Backlog),
        ];
        ForecastChart = Svg(Chart.Bands(text["Forecast backlog (mean and 10–90%)"], text["Hours from now"], text["Trucks waiting"],
            [.. ForecastRows.Select(row => Series(PolicyName(row.Policy), row.Backlog, result.StartsAt))]));
        if (result.Alternatives is { } plans)
        {
            WhatIfRows = [.. plans.Select(p => new WhatIfRow(
                PlanName(p.Name),
                p.ClearedAfterHours / 24,
                p.PeakBacklog,
                p.Spoiled.Trucks.Mean,
                p.Spoiled.ValueUsd.Mean,
                p.GaveUp.Mean,
                p.TurnedAway.Mean,
                p.DivertedOut.Mean,
                p.Backlog)
            {
                LetThrough = [.. (p.Changes?.LetThrough ?? []).Select(word => Domain.Kebab.TryParse<Domain.Trucks.CargoCategory>(word, out var category) ? text.Localized(category) : word ?? "")],
            })];
            WhatIfChart = Svg(Chart.Bands(text["Backlog by plan (mean and 10–90%)"], text["Hours from now"], text["Trucks waiting"],
                [.. WhatIfRows.Select(row => Series(row.Name, row.Backlog, result.StartsAt))]));
        }
        return Page();
    }

    private static string Svg(string svg) => Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));

    private static (string, double[], double[], double[], double[]) Series(string name, IReadOnlyList<BacklogPointView> backlog, DateTimeOffset start)
    {
        var points = backlog.Where(p => p.Mean is not null).ToList();
        return (name,
            points.Select(p => (p.At - start).TotalHours).ToArray(),
            points.Select(p => p.Mean ?? 0).ToArray(),
            points.Select(p => p.P10 ?? 0).ToArray(),
            points.Select(p => p.P90 ?? 0).ToArray());
    }

    /// <summary>The forecast as planned in the reader's language; a plan keeps the name its author gave it.</summary>
    private string PlanName(string name) => name == Domain.Forecasts.WhatIfRules.AsPlanned ? text["As planned"] : name;

    public string PolicyName(string policy) => policy == "green-lane" ? text["Green lane"] : text["First come, first served"];
}

/// <summary>The forecast form as posted.</summary>
public sealed class ForecastForm
{
    public const int Replications = 20;

    public string Crossing { get; set; } = "torkham";

    public string Direction { get; set; } = "PK-AF";

    public double ClosureHours { get; set; } = 72;

    public double HorizonHours { get; set; } = 240;

    public string Policy { get; set; } = "green-lane";

    /// <summary>Up to four what-if plans; an empty row is not a plan.</summary>
    public List<PlanForm> Alternatives { get; set; } = [];

    /// <summary>The four rows the form shows, with what was typed kept.</summary>
    public IReadOnlyList<PlanForm> Rows => [.. Alternatives.Concat(Enumerable.Range(0, Domain.Forecasts.WhatIfRules.MaxAlternatives).Select(_ => new PlanForm())).Take(Domain.Forecasts.WhatIfRules.MaxAlternatives)];

    /// <summary>The rows up to the last one filled in, so that a refusal's <c>alternatives[n]</c> is the form's plan n + 1; none filled: no comparison.</summary>
    public ForecastRequest ToRequest()
    {
        var filled = Alternatives.FindLastIndex(a => !a.IsEmpty) + 1;
        return new(Crossing, Direction, new ClosureRequest(null, ClosureHours), HorizonHours, Replications, Seed: null, Policy, Lanes: null, FromLiveQueue: true,
            filled == 0 ? null : [.. Alternatives.Take(filled).Select(a => a.ToRequest())]);
    }
}

/// <summary>One what-if plan as typed: a blank field is as planned; the green-lane share is in percent.</summary>
public sealed class PlanForm
{
    public string? Name { get; set; }

    public int? Lanes { get; set; }

    public bool Hours24 { get; set; }

    public double? CapacityPerLanePerHour { get; set; }

    /// <summary>Empty: the forecast's own policy.</summary>
    public string? Policy { get; set; }

    public double? GreenLaneSharePercent { get; set; }

    public double? ClosureHours { get; set; }

    /// <summary>Categories ticked to cross while the closure stands (their words: perishable, humanitarian).</summary>
    public List<string> LetThrough { get; set; } = [];

    public bool IsEmpty => string.IsNullOrWhiteSpace(Name) && Lanes is null && !Hours24 && CapacityPerLanePerHour is null
        && string.IsNullOrEmpty(Policy) && GreenLaneSharePercent is null && ClosureHours is null && LetThrough.Count == 0;

    public AlternativeRequest ToRequest() => new(
        Name, Lanes, Hours24 ? true : null, CapacityPerLanePerHour, string.IsNullOrEmpty(Policy) ? null : Policy, GreenLaneSharePercent / 100, ClosureHours,
        LetThrough.Count == 0 ? null : [.. LetThrough]);
}
