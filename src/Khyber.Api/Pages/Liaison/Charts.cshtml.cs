using System.Globalization;
using System.Text;
using System.Text.Json;
using Khyber.Api.Crossings;
using Khyber.Api.Pages.Shared;
using Khyber.Api.Trucks;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Liaison;

/// <summary>Stranded trucks and crossings over time for a crossing, and a forecast of a closure, as charts.</summary>
public sealed class ChartsModel(ApiCall api, TimeProvider time) : KhyberPage(api)
{
    public const int Days = 7;

    public IReadOnlyList<CrossingView> Crossings { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string Crossing { get; set; } = "torkham";

    public string CrossingName => Crossings.FirstOrDefault(c => c.Id == Crossing)?.Name ?? Crossing;

    public IReadOnlyList<StrandedPointView> History { get; private set; } = [];

    public IReadOnlyList<(DateOnly Day, int Exited)> CrossedPerDay { get; private set; } = [];

    public bool ForecastAvailable => Api.Has("Forecast");

    public ForecastForm Forecast { get; private set; } = new();

    /// <summary>The forecast's answer as the API sent it (read as JSON, so the page follows the forecast's contract).</summary>
    public JsonElement? ForecastResult { get; private set; }

    public string? ForecastChart { get; private set; }

    protected override async Task LoadAsync()
    {
        Crossings = await Api.GetAsync<List<CrossingView>>("ListCrossings");
        if (Crossings.All(c => c.Id != Crossing))
        {
            Crossing = Crossings.FirstOrDefault()?.Id ?? "";
        }
        var now = time.GetUtcNow();
        History = await Api.GetAsync<List<StrandedPointView>>("GetStrandedHistory", new { id = Crossing }, new Dictionary<string, string?>
        {
            ["from"] = now.AddDays(-Days).UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        });
        var crossed = new List<TruckView>();
        foreach (var status in new[] { "exited", "entered" })
        {
            crossed.AddRange(await Api.GetAsync<List<TruckView>>("ListTrucks", query: new Dictionary<string, string?> { ["crossing"] = Crossing, ["status"] = status }));
        }
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var perDay = crossed.Where(t => t.ExitedAt is not null).GroupBy(t => DateOnly.FromDateTime(t.ExitedAt!.Value.UtcDateTime)).ToDictionary(g => g.Key, g => g.Count());
        CrossedPerDay = [.. Enumerable.Range(0, Days + 1).Select(i => today.AddDays(i - Days)).Select(d => (d, perDay.GetValueOrDefault(d)))];
    }

    /// <summary>The stranded chart as an SVG image: trucks stranded per direction over the last days.</summary>
    public async Task<IActionResult> OnGetStrandedChartAsync()
    {
        await LoadAsync();
        var series = new[] { "PK-AF", "AF-PK" }
            .Select(d => (Display.DirectionName(d, T), (IReadOnlyList<(DateTimeOffset, double)>)History.Where(p => p.Direction == d).Select(p => (p.At, (double)p.Trucks)).ToList()))
            .ToList();
        var svg = Chart.Lines(T["Stranded trucks: {0}", CrossingName], T["Trucks"], series);
        return Content(svg, "image/svg+xml", Encoding.UTF8);
    }

    /// <summary>The crossings chart as an SVG image: trucks that left through the gate per day.</summary>
    public async Task<IActionResult> OnGetCrossedChartAsync()
    {
        await LoadAsync();
        var points = CrossedPerDay.Select(d => (new DateTimeOffset(d.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), (double)d.Exited)).ToList();
        var svg = Chart.Lines(T["Trucks crossed per day: {0}", CrossingName], T["Trucks"], [(T["Crossed"], points)]);
        return Content(svg, "image/svg+xml", Encoding.UTF8);
    }

    public async Task<IActionResult> OnPostForecastAsync([FromForm(Name = "forecast")] ForecastForm forecast)
    {
        Forecast = forecast;
        Crossing = forecast.Crossing;
        try
        {
            await LoadAsync();
            var result = await Api.PostAsync<JsonElement>("Forecast", null, new
            {
                crossingId = forecast.Crossing,
                direction = forecast.Direction,
                closure = new { startsAt = (DateTimeOffset?)null, hours = forecast.ClosureHours },
                horizonHours = forecast.HorizonHours,
                replications = 20,
                seed = (long?)null,
                policy = forecast.Policy,
                lanes = (int?)null,
                fromLiveQueue = true,
            });
            ForecastResult = result;
            ForecastChart = Convert.ToBase64String(Encoding.UTF8.GetBytes(BacklogChart(result)));
        }
        catch (Infrastructure.ApiProblemException e)
        {
            SetRefusal(e, "forecast");
        }
        return Page();
    }

    private string BacklogChart(JsonElement result)
    {
        var start = result.GetProperty("startsAt").GetDateTimeOffset();
        var variants = new[] { (result.GetProperty("policy").GetString()!, result.GetProperty("backlog")), (result.GetProperty("alternative").GetProperty("policy").GetString()!, result.GetProperty("alternative").GetProperty("backlog")) };
        var series = variants.Select(v =>
        {
            var points = v.Item2.EnumerateArray().Where(p => p.GetProperty("mean").ValueKind == JsonValueKind.Number).ToList();
            double Of(JsonElement p, string name) => p.GetProperty(name).ValueKind == JsonValueKind.Number ? p.GetProperty(name).GetDouble() : 0;
            return (PolicyName(v.Item1),
                points.Select(p => (p.GetProperty("at").GetDateTimeOffset() - start).TotalHours).ToArray(),
                points.Select(p => Of(p, "mean")).ToArray(),
                points.Select(p => Of(p, "p10")).ToArray(),
                points.Select(p => Of(p, "p90")).ToArray());
        }).ToList();
        return Chart.Bands(T["Forecast backlog (mean and 10–90%)"], T["Hours from now"], T["Trucks waiting"], series);
    }

    public string PolicyName(string policy) => policy == "green-lane" ? T["Green lane"] : T["First come, first served"];

    private Microsoft.Extensions.Localization.IStringLocalizer T => HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Text>>();
}

/// <summary>The forecast form as posted.</summary>
public sealed class ForecastForm
{
    public string Crossing { get; set; } = "torkham";

    public string Direction { get; set; } = "PK-AF";

    public double ClosureHours { get; set; } = 72;

    public double HorizonHours { get; set; } = 240;

    public string Policy { get; set; } = "green-lane";
}
