using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using Khyber.Domain;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Forecasts;

public sealed class ForecastTests
{
    private static readonly DateTimeOffset Now = KhyberFactory.Start;

    private static JsonObject Request(string policy = "fifo", double closureHours = 72, double horizonHours = 240, int replications = 30, long seed = 7) => new()
    {
        ["crossingId"] = "torkham",
        ["direction"] = "PK-AF",
        ["closure"] = new JsonObject { ["hours"] = closureHours },
        ["horizonHours"] = horizonHours,
        ["replications"] = replications,
        ["seed"] = seed,
        ["policy"] = policy,
    };

    private static async Task<JsonElement> Forecast(HttpClient client, JsonObject request) =>
        await (await client.Post("/api/v1/forecasts", request)).Json(HttpStatusCode.OK);

    private static double BacklogAt(JsonElement forecast, int hour) => forecast.GetProperty("backlog")[hour].GetProperty("mean").GetDouble();

    private static double SpoiledTrucks(JsonElement figures) => figures.GetProperty("spoiled").GetProperty("trucks").GetProperty("mean").GetDouble();

    [Fact]
    public async Task A_72_hour_closure_grows_a_backlog_that_clears_after_reopening_and_the_green_lane_spoils_fewer_perishables()
    {
        await using var app = await TestApp.StartAsync();
        var liaison = await app.As("pk.liaison");

        var fifo = await Forecast(liaison, Request("fifo"));

        var backlog = fifo.GetProperty("backlog");
        Assert.Equal(241, backlog.GetArrayLength());
        Assert.Equal(Now, backlog[0].GetProperty("at").GetDateTimeOffset());
        Assert.Equal(Now.AddHours(72), backlog[72].GetProperty("at").GetDateTimeOffset());
        // Nothing crosses while the gate is shut: the backlog at the reopening is about 72 hours of arrivals.
        var arrivalsPerHour = fifo.GetProperty("inputs").GetProperty("arrivals").GetProperty("perHour").EnumerateObject().Sum(c => c.Value.GetDouble());
        Assert.InRange(BacklogAt(fifo, 72), 0.85 * 72 * arrivalsPerHour, 1.15 * 72 * arrivalsPerHour);
        Assert.True(BacklogAt(fifo, 72) > BacklogAt(fifo, 36) && BacklogAt(fifo, 36) > BacklogAt(fifo, 1));
        // Four lanes clear it after the reopening, well before the horizon.
        Assert.True(BacklogAt(fifo, 240) < 0.05 * BacklogAt(fifo, 72), $"still {BacklogAt(fifo, 240)} waiting at the horizon");
        var clearance = fifo.GetProperty("clearanceHours");
        Assert.InRange(clearance.GetProperty("mean").GetDouble(), 24, 168 - 1);
        Assert.True(clearance.GetProperty("p90").GetDouble() >= clearance.GetProperty("mean").GetDouble());
        Assert.Equal(1, clearance.GetProperty("clearedWithinHorizon").GetDouble());
        Assert.True(fifo.GetProperty("crossed").GetProperty("mean").GetDouble() > 0);
        Assert.All(new[] { "perishable", "general" }, c => Assert.True(fifo.GetProperty("waitMinutes").GetProperty(c).GetProperty("p90").GetDouble() > 60 * 24));

        // The green lane, side by side on the same random numbers, lets fewer perishables rot.
        var alternative = fifo.GetProperty("alternative");
        Assert.Equal("green-lane", alternative.GetProperty("policy").GetString());
        Assert.True(SpoiledTrucks(alternative) < SpoiledTrucks(fifo), $"green lane {SpoiledTrucks(alternative)} spoiled, fifo {SpoiledTrucks(fifo)}");
        Assert.True(SpoiledTrucks(fifo) > 0);

        // Asking for the green lane itself gives the same figures as the alternative of the fifo forecast.
        var greenLane = await Forecast(liaison, Request("green-lane"));
        Assert.Equal(SpoiledTrucks(alternative), SpoiledTrucks(greenLane));
        Assert.Equal("fifo", greenLane.GetProperty("alternative").GetProperty("policy").GetString());
        Assert.Equal(SpoiledTrucks(fifo), SpoiledTrucks(greenLane.GetProperty("alternative")));
    }

    [Fact]
    public async Task The_same_request_twice_gives_identical_numbers_and_the_second_comes_from_the_cache()
    {
        await using var app = await TestApp.StartAsync();
        var liaison = await app.As("af.liaison");

        var firstResponse = await liaison.Post("/api/v1/forecasts", Request(replications: 20));
        var first = await firstResponse.Json(HttpStatusCode.OK);
        var secondResponse = await liaison.Post("/api/v1/forecasts", Request(replications: 20));
        var second = await secondResponse.Json(HttpStatusCode.OK);

        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.Equal("miss", firstResponse.Headers.GetValues("X-Forecast-Cache").Single());
        Assert.True(second.GetProperty("cached").GetBoolean());
        Assert.Equal("hit", secondResponse.Headers.GetValues("X-Forecast-Cache").Single());
        Assert.Equal(Figures(first), Figures(second));

        // Another seed is another forecast: computed afresh, with other numbers.
        var reseeded = await Forecast(liaison, Request(replications: 20, seed: 8));
        Assert.False(reseeded.GetProperty("cached").GetBoolean());
        Assert.NotEqual(Figures(first), Figures(reseeded));

        // An administrator asking the same is answered from the same cache.
        var admin = await Forecast(await app.As("admin"), Request(replications: 20));
        Assert.True(admin.GetProperty("cached").GetBoolean());
        Assert.Equal(Figures(first), Figures(admin));
    }

    private static string Figures(JsonElement forecast)
    {
        var node = JsonNode.Parse(forecast.GetRawText())!.AsObject();
        node.Remove("cached");
        node.Remove("forecastId"); // each answered forecast is stored on its own
        return node.ToJsonString();
    }

    [Fact]
    public async Task From_the_live_queue_the_trucks_waiting_now_are_the_backlog_at_time_zero()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        for (var i = 0; i < 30; i++)
        {
            var truck = i % 3 == 0 ? new TruckBuilder().Perishable(Now.AddHours(20)) : new TruckBuilder();
            var id = (await (await carrier.Post("/api/v1/trucks", truck.Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        }
        // Registered but not checked in: not in the queue.
        await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        var liaison = await app.As("pk.liaison");
        var request = Request(closureHours: 24, horizonHours: 96, replications: 20);

        var without = await Forecast(liaison, request);
        request["fromLiveQueue"] = true;
        var live = await Forecast(liaison, request);

        Assert.Equal(0, BacklogAt(without, 0));
        Assert.Equal(30, BacklogAt(live, 0));
        Assert.Equal(30, live.GetProperty("inputs").GetProperty("initialQueue").GetInt32());
        Assert.True(BacklogAt(live, 24) > BacklogAt(without, 24) + 20);
        // The ten perishables spoil 20 hours from now, inside the 24-hour closure.
        Assert.True(SpoiledTrucks(live) >= 10 + SpoiledTrucks(without) - 0.001, $"live {SpoiledTrucks(live)}, without {SpoiledTrucks(without)}");

        // One more truck in the queue is another forecast, not the cached one.
        var more = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await carrier.Post($"/api/v1/trucks/{more}/arrival", null)).Json(HttpStatusCode.OK);
        var after = await Forecast(liaison, request);
        Assert.False(after.GetProperty("cached").GetBoolean());
        Assert.Equal(31, BacklogAt(after, 0));
    }

    [Fact]
    public async Task Arrival_rates_come_from_the_crossings_recent_history_and_default_without_one()
    {
        await using var demo = await TestApp.StartEmptyAsync(new Dictionary<string, string> { ["Demo:Enabled"] = "true", ["Demo:HistoryDays"] = "3" });
        var fromHistory = await Forecast(await demo.As("pk.liaison"), Request(replications: 10));

        var arrived = await demo.Db(db => db.Trucks.AsNoTracking()
            .Where(t => t.CrossingId == "torkham" && t.Direction == Direction.PkToAf && t.ArrivedAt != null)
            .Select(t => new { t.Category, ArrivedAt = t.ArrivedAt!.Value })
            .ToListAsync());
        var hours = (Now - arrived.Min(t => t.ArrivedAt)).TotalHours;
        var arrivals = fromHistory.GetProperty("inputs").GetProperty("arrivals");
        Assert.Equal("history", arrivals.GetProperty("source").GetString());
        Assert.Equal(arrived.Count, arrivals.GetProperty("trucks").GetInt32());
        Assert.InRange(hours, 48, 72);
        var perHour = arrivals.GetProperty("perHour");
        foreach (var category in arrived.GroupBy(t => t.Category))
        {
            var name = category.Key.ToString().ToLowerInvariant();
            Assert.Equal(category.Count() / hours, perHour.GetProperty(name).GetDouble(), 3);
        }
        Assert.Equal("history", fromHistory.GetProperty("inputs").GetProperty("perishables").GetProperty("source").GetString());

        // A crossing with no history: the documented default, 60% of the open lanes' capacity (4 × 6 trucks an hour).
        await using var fresh = await TestApp.StartAsync();
        var byDefault = await Forecast(await fresh.As("pk.liaison"), Request(replications: 10));
        var defaults = byDefault.GetProperty("inputs").GetProperty("arrivals");
        Assert.Equal("default", defaults.GetProperty("source").GetString());
        Assert.Equal(0.6 * 24, defaults.GetProperty("perHour").EnumerateObject().Sum(c => c.Value.GetDouble()), 3);
        Assert.NotEqual(
            arrivals.GetProperty("perHour").EnumerateObject().Sum(c => c.Value.GetDouble()),
            defaults.GetProperty("perHour").EnumerateObject().Sum(c => c.Value.GetDouble()),
            1);
    }

    [Fact]
    public async Task A_direction_closed_now_without_an_expected_reopening_needs_the_closure_hours()
    {
        await using var app = await TestApp.StartAsync();
        await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);
        var liaison = await app.As("pk.liaison");
        var request = Request(replications: 10);
        request.Remove("closure");

        await (await liaison.Post("/api/v1/forecasts", request)).Problem(HttpStatusCode.UnprocessableEntity, "closure.hours");

        // A closure asked to start later runs on from the closure in force now.
        request["closure"] = new JsonObject { ["startsAt"] = Now.AddHours(10).ToString("O"), ["hours"] = 24 };
        var forecast = await Forecast(liaison, request);
        var closure = Assert.Single(forecast.GetProperty("inputs").GetProperty("closures").EnumerateArray());
        Assert.Equal(Now, closure.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(Now.AddHours(34), closure.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal("closed", forecast.GetProperty("inputs").GetProperty("gateNow").GetString());
    }

    [Fact]
    public async Task Validation_errors_name_every_bad_field()
    {
        await using var app = await TestApp.StartAsync();
        var liaison = await app.As("pk.liaison");
        var bad = new JsonObject
        {
            ["crossingId"] = "wagah",
            ["direction"] = "PK-IN",
            ["closure"] = new JsonObject { ["hours"] = 721 },
            ["horizonHours"] = 0,
            ["replications"] = 1001,
            ["policy"] = "lifo",
            ["lanes"] = 0,
        };
        var problem = await (await liaison.Post("/api/v1/forecasts", bad)).Problem(HttpStatusCode.UnprocessableEntity);
        var named = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToHashSet();
        Assert.Equal(["closure.hours", "crossingId", "direction", "horizonHours", "lanes", "policy", "replications"], named.Order().ToArray());

        var tooManyLanes = Request(replications: 10);
        tooManyLanes["lanes"] = 7;
        await (await liaison.Post("/api/v1/forecasts", tooManyLanes)).Problem(HttpStatusCode.UnprocessableEntity, "lanes");
        await (await liaison.Post("/api/v1/forecasts", Request(closureHours: 72, horizonHours: 48))).Problem(HttpStatusCode.UnprocessableEntity, "horizonHours");
        var over = Request();
        over["closure"] = new JsonObject { ["startsAt"] = Now.AddHours(-30).ToString("O"), ["hours"] = 24 };
        await (await liaison.Post("/api/v1/forecasts", over)).Problem(HttpStatusCode.UnprocessableEntity, "closure.startsAt");
        var malformed = Request();
        malformed["replications"] = "20";
        await (await liaison.Post("/api/v1/forecasts", malformed)).Problem(HttpStatusCode.BadRequest, "replications");
    }

    [Fact]
    public async Task Only_liaisons_and_administrators_forecast_carriers_and_officers_are_refused_and_anonymous_callers_must_sign_in()
    {
        await using var app = await TestApp.StartAsync();
        var request = Request(replications: 5, horizonHours: 96);

        await (await app.Anonymous().Post("/api/v1/forecasts", request)).Problem(HttpStatusCode.Unauthorized);
        foreach (var refused in new[] { "carrier.demo", "pk.officer.torkham", "af.officer.torkham" })
        {
            await (await (await app.As(refused)).Post("/api/v1/forecasts", request)).Problem(HttpStatusCode.Forbidden);
        }
        foreach (var allowed in new[] { "pk.liaison", "af.liaison", "admin" })
        {
            await Forecast(await app.As(allowed), request);
        }
    }

    [Fact]
    public async Task A_forecast_writes_only_its_own_record_and_audit_entry_and_a_refused_one_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        var before = await Rows(app);
        Assert.True(before.Audit > 0, "the arrangement should have written audit entries");

        var liaison = await app.As("pk.liaison");
        var request = Request(replications: 10);
        request["fromLiveQueue"] = true;
        await Forecast(liaison, request);
        var cached = await Forecast(liaison, request);
        Assert.True(cached.GetProperty("cached").GetBoolean());
        await (await liaison.Post("/api/v1/forecasts", Request(replications: 0))).Problem(HttpStatusCode.UnprocessableEntity, "replications");

        // Each answered forecast (the cached one too) is kept to be scored, with one audit entry naming it; no event, nothing else.
        Assert.Equal(before with { Audit = before.Audit + 2, Forecasts = 2 }, await Rows(app));
        Assert.Equal(2, await app.Db(db => db.AuditEntries.CountAsync(e => e.Action == "RunForecast" && e.Actor == "pk.liaison")));
    }

    private sealed record RowCounts(int Audit, int Outbox, int Trucks, int Notices, int Idempotency, int Stranded, int Forecasts);

    private static Task<RowCounts> Rows(TestApp app) => app.Db(async db => new RowCounts(
        await db.AuditEntries.CountAsync(),
        await db.OutboxMessages.CountAsync(),
        await db.Trucks.CountAsync(),
        await db.Notices.CountAsync(),
        await db.IdempotencyRecords.CountAsync(),
        await db.StrandedSnapshots.CountAsync(),
        await db.ForecastRecords.CountAsync()));
}
