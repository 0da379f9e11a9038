using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using Khyber.Domain;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Forecasts;

/// <summary>A forecast calibrated from the crossing's own history says what it estimated, from when, how sure, and what it used.</summary>
public sealed class CalibrationTests
{
    private static readonly DateTimeOffset Now = KhyberFactory.Start;

    private static JsonObject Request(string crossing = "torkham", bool? calibrate = true) => new()
    {
        ["crossingId"] = crossing,
        ["direction"] = "PK-AF",
        ["closure"] = new JsonObject { ["hours"] = 24 },
        ["horizonHours"] = 120,
        ["replications"] = 10,
        ["policy"] = "fifo",
        ["calibrate"] = calibrate,
    };

    private static async Task<JsonElement> Forecast(HttpClient client, JsonObject request) =>
        await (await client.Post("/api/v1/forecasts", request)).Json(HttpStatusCode.OK);

    private static string Figures(JsonElement forecast)
    {
        var node = JsonNode.Parse(forecast.GetRawText())!.AsObject();
        node.Remove("cached");
        node.Remove("forecastId");
        return node.ToJsonString();
    }

    private static double[] Ci(JsonElement figure) => [.. figure.GetProperty("ci90").EnumerateArray().Select(v => v.GetDouble())];

    [Fact]
    public async Task Three_weeks_of_demo_history_give_hourly_arrivals_and_the_lanes_rate_each_with_its_interval()
    {
        await using var demo = await TestApp.StartEmptyAsync(new Dictionary<string, string> { ["Demo:Enabled"] = "true" });
        var liaison = await demo.As("pk.liaison");
        var forecast = await Forecast(liaison, Request());

        var inputs = forecast.GetProperty("inputs");
        var calibration = inputs.GetProperty("calibration");
        var arrived = await demo.Db(db => db.Trucks.AsNoTracking()
            .Where(t => t.CrossingId == "torkham" && t.Direction == Direction.PkToAf && t.ArrivedAt != null && t.ArrivedAt >= Now.AddDays(-14))
            .Select(t => new { t.Category, ArrivedAt = t.ArrivedAt!.Value, t.CalledAt, t.ExitedAt })
            .ToListAsync());

        // The period: from the first check-in within 14 days to now.
        Assert.Equal(arrived.Min(t => t.ArrivedAt), calibration.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(Now, calibration.GetProperty("to").GetDateTimeOffset());
        Assert.InRange(calibration.GetProperty("hours").GetDouble(), 13 * 24, 14 * 24);
        Assert.Equal(arrived.Count, calibration.GetProperty("trucks").GetInt32());

        // Arrivals: each hour of the day its own rate, as many trucks as checked in at that UTC hour.
        var arrivals = calibration.GetProperty("arrivals");
        Assert.Equal("history-by-hour", arrivals.GetProperty("source").GetString());
        Assert.Equal(168, arrivals.GetProperty("thresholdHours").GetDouble());
        foreach (var category in arrived.GroupBy(t => t.Category))
        {
            var rates = arrivals.GetProperty("categories").GetProperty(Kebab.Word(category.Key.ToString()));
            Assert.Equal(category.Count(), rates.GetProperty("trucks").GetInt64());
            var byHour = rates.GetProperty("byHourOfDay").EnumerateArray().ToList();
            Assert.Equal(24, byHour.Count);
            Assert.Equal(category.Count(), byHour.Sum(h => h.GetProperty("trucks").GetInt64()));
            var nine = byHour[9];
            Assert.Equal(category.Count(t => t.ArrivedAt.UtcDateTime.Hour == 9), nine.GetProperty("trucks").GetInt64());
            var (low, high) = (Ci(nine)[0], Ci(nine)[1]);
            Assert.True(low <= nine.GetProperty("perHour").GetDouble() && nine.GetProperty("perHour").GetDouble() <= high);
        }

        // The lanes: the demo's calls take 5 to 25 minutes to the exit, 15 on average — about 4 trucks a lane an hour.
        var service = calibration.GetProperty("serviceRatePerLanePerHour");
        var served = arrived.Where(t => t.CalledAt != null && t.ExitedAt != null).ToList();
        Assert.Equal("history", service.GetProperty("source").GetString());
        Assert.Equal(served.Count, service.GetProperty("count").GetInt64());
        var minutes = served.Average(t => (t.ExitedAt!.Value - t.CalledAt!.Value).TotalMinutes);
        Assert.Equal(60 / minutes, service.GetProperty("estimate").GetDouble(), 3);
        Assert.InRange(service.GetProperty("estimate").GetDouble(), 3.5, 4.5);
        Assert.True(Ci(service)[0] < service.GetProperty("estimate").GetDouble() && service.GetProperty("estimate").GetDouble() < Ci(service)[1]);
        Assert.Equal(service.GetProperty("used").GetDouble(), inputs.GetProperty("serviceRatePerLanePerHour").GetDouble(), 4);

        // Nobody in the demo gave up in thousands of truck-hours of waiting: trucks wait as long as it takes.
        var gaveUp = calibration.GetProperty("gaveUpPerWaitingHour");
        Assert.Equal(0, gaveUp.GetProperty("count").GetInt64());
        Assert.True(gaveUp.GetProperty("exposureHours").GetDouble() >= 100);
        Assert.Equal("none", gaveUp.GetProperty("source").GetString());
        Assert.Equal(0, Ci(gaveUp)[0]);
        Assert.True(Ci(gaveUp)[1] > 0);
        // No-shows are stated, not simulated.
        var noShows = calibration.GetProperty("noShowsPerCall");
        Assert.Equal("not-simulated", noShows.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, noShows.GetProperty("used").ValueKind);

        // Without calibrate the forecast is as before: the configured lanes' rate, no calibration in the answer.
        var plain = Request(calibrate: null);
        plain.Remove("calibrate");
        var uncalibrated = await Forecast(liaison, plain);
        Assert.Equal(JsonValueKind.Null, uncalibrated.GetProperty("inputs").GetProperty("calibration").ValueKind);
        Assert.NotEqual(inputs.GetProperty("serviceRatePerLanePerHour").GetDouble(), uncalibrated.GetProperty("inputs").GetProperty("serviceRatePerLanePerHour").GetDouble());
        // calibrate: false is the same request: the same figures, from the cache (each answer stored under its own id).
        var again = await Forecast(liaison, Request(calibrate: false));
        Assert.True(again.GetProperty("cached").GetBoolean());
        Assert.Equal(Figures(uncalibrated), Figures(again));
    }

    [Fact]
    public async Task Without_history_a_calibrated_forecast_falls_back_to_the_configuration_and_says_so()
    {
        await using var app = await TestApp.StartAsync();
        var forecast = await Forecast(await app.As("af.liaison"), Request());

        var inputs = forecast.GetProperty("inputs");
        var calibration = inputs.GetProperty("calibration");
        Assert.Equal(0, calibration.GetProperty("trucks").GetInt32());
        Assert.Equal("default", calibration.GetProperty("arrivals").GetProperty("source").GetString());
        var service = calibration.GetProperty("serviceRatePerLanePerHour");
        Assert.Equal("configured", service.GetProperty("source").GetString());
        Assert.Equal(30, service.GetProperty("threshold").GetDouble());
        Assert.Equal(JsonValueKind.Null, service.GetProperty("estimate").ValueKind);
        Assert.Equal(service.GetProperty("used").GetDouble(), inputs.GetProperty("serviceRatePerLanePerHour").GetDouble(), 4);
        Assert.Equal("none", calibration.GetProperty("gaveUpPerWaitingHour").GetProperty("source").GetString());
        Assert.Equal(100, calibration.GetProperty("gaveUpPerWaitingHour").GetProperty("threshold").GetDouble());
    }
}
