using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using Khyber.Domain;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Forecasts;

/// <summary>Forecasts are stored with their inputs and scored against the stranded series once their period has passed.</summary>
public sealed class ForecastAccuracyTests
{
    private static readonly DateTimeOffset Now = KhyberFactory.Start;

    private static JsonObject Request() => new()
    {
        ["crossingId"] = "torkham",
        ["direction"] = "AF-PK",
        ["closure"] = new JsonObject { ["hours"] = 24 },
        ["horizonHours"] = 72,
        ["replications"] = 4,
        ["policy"] = "fifo",
    };

    [Fact]
    public async Task A_forecast_is_stored_with_its_inputs_and_listed_as_pending_until_its_period_has_passed()
    {
        await using var app = await TestApp.StartAsync();
        var liaison = await app.As("af.liaison");
        var forecast = await (await liaison.Post("/api/v1/forecasts", Request())).Json(HttpStatusCode.OK);
        var id = forecast.GetProperty("forecastId").GetGuid();

        var stored = await app.Db(db => db.ForecastRecords.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(("torkham", Direction.AfToPk, Now, "af.liaison"), (stored.CrossingId, stored.Direction, stored.MadeAt, stored.MadeBy));
        Assert.Equal(Now.AddHours(24), stored.ReopensAt);
        Assert.Equal(forecast.GetProperty("backlog")[24].GetProperty("mean").GetDouble(), stored.StrandedAtReopening);
        Assert.Equal(forecast.GetProperty("clearanceHours").GetProperty("mean").GetDouble(), stored.HoursToClear!.Value, 3);
        Assert.Equal(24, JsonNode.Parse(stored.Request)!["closure"]!["hours"]!.GetValue<double>());
        Assert.Equal(forecast.GetProperty("inputs").GetProperty("lanes").GetInt32(), JsonNode.Parse(stored.Inputs)!["lanes"]!.GetValue<int>());
        // The audit log names who made it.
        Assert.True(await app.Db(db => db.AuditEntries.AnyAsync(e => e.Action == "RunForecast" && e.Actor == "af.liaison" && e.Subject == $"forecastrecord/{id}")));

        var accuracy = await (await app.As("pk.liaison")).GetJson("/api/v1/forecasts/accuracy?crossingId=torkham");
        var row = accuracy.GetProperty("recent").EnumerateArray().Single();
        Assert.Equal(id, row.GetProperty("id").GetGuid());
        Assert.Equal("pending", row.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("actual").ValueKind);
        Assert.Equal(Now.AddHours(72), row.GetProperty("horizonEndsAt").GetDateTimeOffset());
        Assert.Equal((1, 1, 0), (accuracy.GetProperty("forecasts").GetInt32(), accuracy.GetProperty("pending").GetInt32(), accuracy.GetProperty("accuracy").GetProperty("scored").GetInt32()));
        // Another crossing has none.
        Assert.Equal(0, (await (await app.As("admin")).GetJson("/api/v1/forecasts/accuracy?crossingId=chaman")).GetProperty("forecasts").GetInt32());
    }

    [Fact]
    public async Task Once_its_period_has_passed_a_forecast_is_scored_against_the_stranded_series()
    {
        await using var app = await TestApp.StartAsync();
        var made = Now.AddDays(-5);
        // 10 stranded before a 24-hour closure, 10 more an hour while it stands (250 at the reopening), then 20 fewer an
        // hour: back to 10 twelve hours after the reopening.
        await app.BulkAsync(db =>
        {
            db.StrandedSnapshots.AddRange(Enumerable.Range(0, 60).Select(h => StrandedHistory.Point(
                "torkham", Direction.PkToAf, made.AddHours(h), h < 24 ? 10 + (10 * h) : Math.Max(10, 250 - (20 * (h - 24))), blocked: h < 24)));
            db.ForecastRecords.AddRange(
                new StoredForecastBuilder(made).Stranded(230, p10: 200, p90: 260).HoursToClear(15).Build(),
                new StoredForecastBuilder(made.AddMinutes(1)).Stranded(300, p10: 280, p90: 320).HoursToClear(36).Build());
            return Task.CompletedTask;
        });

        var accuracy = await (await app.As("pk.admin")).GetJson("/api/v1/forecasts/accuracy");
        var rows = accuracy.GetProperty("recent").EnumerateArray().ToList();
        Assert.Equal(["scored", "scored"], rows.Select(r => r.GetProperty("status").GetString()));
        var first = rows[1].GetProperty("actual");
        Assert.Equal(250, first.GetProperty("strandedAtReopening").GetInt32());
        Assert.Equal(0.5, first.GetProperty("daysToClear").GetDouble());
        Assert.True(first.GetProperty("withinBand").GetBoolean());
        Assert.False(rows[0].GetProperty("actual").GetProperty("withinBand").GetBoolean());
        Assert.Equal(0.625, rows[1].GetProperty("predicted").GetProperty("daysToClear").GetDouble());

        var summary = accuracy.GetProperty("accuracy");
        Assert.Equal(2, summary.GetProperty("scored").GetInt32());
        Assert.Equal(35, summary.GetProperty("meanAbsoluteStrandedError").GetDouble());
        Assert.Equal(0.14, summary.GetProperty("meanAbsolutePercentError").GetDouble());
        Assert.Equal(0.5, summary.GetProperty("withinBandShare").GetDouble());
        Assert.Equal((3 + 24) / 2.0 / 24, summary.GetProperty("meanAbsoluteDaysToClearError").GetDouble(), 0.001);
    }

    [Theory]
    [InlineData("crossingId=wagah")]
    [InlineData("crossingId=")]
    [InlineData("crossingId=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task An_unknown_crossing_is_refused_naming_the_field(string query)
    {
        await using var app = await TestApp.StartAsync();
        var problem = await (await (await app.As("af.liaison")).GetAsync($"/api/v1/forecasts/accuracy?{query}")).Problem(HttpStatusCode.UnprocessableEntity, "crossingId");
        Assert.DoesNotContain("Exception", problem.GetRawText());
    }
}
