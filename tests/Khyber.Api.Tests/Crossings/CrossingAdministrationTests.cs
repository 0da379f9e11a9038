using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using Khyber.Domain.Trucks;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Crossings;

/// <summary>
/// An administrator creates and changes crossings through <c>/api/v1/admin/crossings</c>: each side's gate hours are its
/// own local times, a change is audited and announced, and one that would strand called trucks is refused until confirmed.
/// </summary>
public sealed class CrossingAdministrationTests
{
    /// <summary>A valid crossing to create: Karachi and Kabul gates open 08:00–17:00 on their own clocks.</summary>
    public static JsonObject NewCrossing(string id = "gursal", string pkZone = "Asia/Karachi", string afZone = "Asia/Kabul",
        string opens = "08:00", string closes = "17:00", int lanesOpen = 2, double perLane = 4) => new()
        {
            ["id"] = id,
            ["name"] = "Gursal",
            ["minimumNoticeHours"] = 24,
            ["noShowMinutes"] = 20,
            ["sides"] = new JsonArray(
                new JsonObject { ["country"] = "PK", ["authority"] = "Pakistan — Gursal (Bajaur)", ["timeZone"] = pkZone, ["opensAt"] = opens, ["closesAt"] = closes },
                new JsonObject { ["country"] = "AF", ["authority"] = "Afghanistan — Gursal (Kunar)", ["timeZone"] = afZone, ["opensAt"] = opens, ["closesAt"] = closes }),
            ["directions"] = new JsonArray(
                new JsonObject { ["direction"] = "PK-AF", ["lanesOpen"] = lanesOpen, ["lanesMax"] = 3, ["trucksPerLanePerHour"] = perLane, ["perishableShare"] = 0.4, ["ageingBoundHours"] = 48 },
                new JsonObject { ["direction"] = "AF-PK", ["lanesOpen"] = lanesOpen, ["lanesMax"] = 3, ["trucksPerLanePerHour"] = perLane, ["perishableShare"] = 0.4, ["ageingBoundHours"] = 48 }),
        };

    private static Task<HttpResponseMessage> Put(HttpClient client, string url, JsonNode body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") });

    private static Task<HttpResponseMessage> Patch(HttpClient client, string url, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url) { Content = System.Net.Http.Json.JsonContent.Create(body) });

    /// <summary>The admin view of a crossing, made into the body that sets it again (read-only fields dropped).</summary>
    private static async Task<JsonObject> SettingsOf(HttpClient admin, string id)
    {
        var view = JsonNode.Parse((await admin.GetJson($"/api/v1/admin/crossings/{id}")).GetRawText())!.AsObject();
        foreach (var readOnly in new[] { "operatingNow", "opensNext", "closesNext", "updatedAt" })
        {
            view.Remove(readOnly);
        }
        foreach (var side in view["sides"]!.AsArray())
        {
            if (side!["roundTheClock"]!.GetValue<bool>())
            {
                side.AsObject().Remove("opensAt");
                side.AsObject().Remove("closesAt");
                side.AsObject().Remove("overnight");
            }
        }
        foreach (var direction in view["directions"]!.AsArray())
        {
            direction!.AsObject().Remove("crossingId");
            direction.AsObject().Remove("capacityPerHour");
        }
        return view;
    }

    private static async Task<List<(string Action, string Subject)>> AuditAsync(TestApp app) =>
        [.. (await (await app.As("pk.liaison")).GetJson("/api/v1/audit?after=0")).EnumerateArray()
            .Select(e => (e.GetProperty("action").GetString()!, e.GetProperty("subject").GetString()!))];

    private static Task<List<JsonElement>> StatusEventsAsync(TestApp app, string crossing) => app.Db(async db =>
        (await db.OutboxMessages.AsNoTracking().Where(m => m.Type == "status" && m.CrossingId == crossing).ToListAsync())
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Position)
            .Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("data").Clone()).ToList());

    [Fact]
    public async Task An_administrator_creates_a_crossing_with_local_hours_and_it_is_public_at_once()
    {
        await using var app = await TestApp.StartAsync();
        var admin = await app.As("admin");

        var response = await admin.Post("/api/v1/admin/crossings", NewCrossing());
        var created = await response.Json(HttpStatusCode.Created);
        Assert.Equal("/api/v1/admin/crossings/gursal", response.Headers.Location?.ToString());
        Assert.Equal("Asia/Kabul", created.GetProperty("sides")[1].GetProperty("timeZone").GetString());
        Assert.Equal(("08:00", "17:00", false), (created.GetProperty("sides")[0].GetProperty("opensAt").GetString(), created.GetProperty("sides")[0].GetProperty("closesAt").GetString(), created.GetProperty("sides")[0].GetProperty("roundTheClock").GetBoolean()));
        // 06:00 UTC is 11:00 in Karachi and 10:30 in Kabul: open until 17:00 Karachi, 12:00 UTC.
        Assert.True(created.GetProperty("operatingNow").GetBoolean());
        Assert.Equal(DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), created.GetProperty("closesNext").GetDateTimeOffset());
        Assert.Equal(8, created.GetProperty("directions")[0].GetProperty("capacityPerHour").GetDouble());

        var status = await app.Anonymous().GetJson("/api/v1/crossings/gursal");
        Assert.Equal("Gursal", status.GetProperty("name").GetString());
        Assert.Equal("08:00", status.GetProperty("sides")[1].GetProperty("opensAt").GetString());
        Assert.Equal("open", status.GetProperty("directions")[0].GetProperty("state").GetString());
        // The row it creates names the entry, as for every creation.
        Assert.Contains(("CreateCrossing", "crossing/gursal"), await AuditAsync(app));
        Assert.Equal("created", Assert.Single(await StatusEventsAsync(app, "gursal")).GetProperty("reason").GetString());

        // The same id again is refused, naming it, and writes nothing.
        await (await admin.Post("/api/v1/admin/crossings", NewCrossing())).Problem(HttpStatusCode.UnprocessableEntity, "id");
        Assert.Equal(6, await app.Db(db => db.Crossings.CountAsync()));
    }

    [Fact]
    public async Task Changing_hours_is_audited_and_announced_and_setting_what_is_set_changes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var admin = await app.As("admin");
        var settings = await SettingsOf(admin, "kharlachi");
        Assert.Equal(("08:00", "17:00"), (settings["sides"]![0]!["opensAt"]!.GetValue<string>(), settings["sides"]![0]!["closesAt"]!.GetValue<string>()));

        // Setting it back as it is: nothing recorded.
        var before = (await AuditAsync(app)).Count;
        await (await Put(admin, "/api/v1/admin/crossings/kharlachi", settings)).Json(HttpStatusCode.OK);
        Assert.Equal(before, (await AuditAsync(app)).Count);

        // Kabul's gate from 06:00 and round the clock on the Pakistani side.
        settings["sides"]![1]!["opensAt"] = "06:00";
        settings["sides"]![0] = new JsonObject { ["country"] = "PK", ["authority"] = "Pakistan — Kharlachi (Kurram)", ["timeZone"] = "Asia/Karachi", ["roundTheClock"] = true };
        var changed = await (await Put(admin, "/api/v1/admin/crossings/kharlachi", settings)).Json(HttpStatusCode.OK);
        Assert.True(changed.GetProperty("sides")[0].GetProperty("roundTheClock").GetBoolean());
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("sides")[0].GetProperty("opensAt").ValueKind);
        Assert.Equal(("ChangeCrossing", "crossings/kharlachi"), (await AuditAsync(app)).Last());
        Assert.Equal("hours", (await StatusEventsAsync(app, "kharlachi")).Last().GetProperty("reason").GetString());

        // 01:00 UTC is 05:30 in Kabul: closed; it opens at 06:00 Kabul, 01:30 UTC.
        app.Time.Advance(TimeSpan.FromHours(19));
        var view = await admin.GetJson("/api/v1/admin/crossings/kharlachi");
        Assert.False(view.GetProperty("operatingNow").GetBoolean());
        Assert.Equal(DateTimeOffset.Parse("2026-11-29T01:30:00Z", System.Globalization.CultureInfo.InvariantCulture), view.GetProperty("opensNext").GetDateTimeOffset());
    }

    /// <summary>Called trucks at Ghulam Khan (both gates 08:00–17:00 on their own clocks), PK-AF.</summary>
    private static async Task<List<Guid>> CalledAtGhulamKhanAsync(TestApp app, int count)
    {
        var carrier = await app.As("carrier.demo");
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().At("ghulam-khan").Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
            ids.Add(id);
        }
        var called = await (await (await app.As("pk.officer.ghulam-khan")).Post("/api/v1/crossings/ghulam-khan/queue/PK-AF/call", new { count })).Json(HttpStatusCode.OK);
        Assert.Equal(count, called.GetArrayLength());
        return ids;
    }

    private static Task<List<Truck>> TrucksAsync(TestApp app, IEnumerable<Guid> ids) =>
        app.Db(db => db.Trucks.AsNoTracking().Where(t => ids.Contains(t.Id)).OrderBy(t => t.QueueNumber).ToListAsync());

    [Fact]
    public async Task Hours_that_would_strand_called_trucks_are_explained_and_only_applied_when_confirmed()
    {
        await using var app = await TestApp.StartAsync();
        app.Time.Advance(TimeSpan.FromHours(5.75)); // 11:45 UTC: 16:45 in Karachi, 16:15 in Kabul
        var ids = await CalledAtGhulamKhanAsync(app, 3);
        var admin = await app.As("admin");
        var settings = await SettingsOf(admin, "ghulam-khan");
        settings["sides"]![1]!["closesAt"] = "16:00"; // Kabul closes at 11:30 UTC: the called trucks could not pass
        var auditBefore = (await AuditAsync(app)).Count;

        var refused = await (await Put(admin, "/api/v1/admin/crossings/ghulam-khan", settings)).Problem(HttpStatusCode.Conflict);
        Assert.Contains("3 trucks called forward could not pass after this change: 3 in PK-AF", refused.GetProperty("detail").GetString());
        Assert.Contains("\"confirm\": true", refused.GetProperty("detail").GetString());
        Assert.Equal(3, refused.GetProperty("calledTrucks").GetProperty("PK-AF").GetInt32());
        Assert.All(await TrucksAsync(app, ids), t => Assert.Equal(TruckStatus.Called, t.Status));
        Assert.Equal("17:00", (await admin.GetJson("/api/v1/admin/crossings/ghulam-khan")).GetProperty("sides")[1].GetProperty("closesAt").GetString());
        Assert.Equal(auditBefore, (await AuditAsync(app)).Count);

        // Confirmed: the change is made, and the called trucks go back to waiting in their own places.
        var numbers = (await TrucksAsync(app, ids)).Select(t => t.QueueNumber).ToList();
        settings["confirm"] = true;
        var changed = await (await Put(admin, "/api/v1/admin/crossings/ghulam-khan", settings)).Json(HttpStatusCode.OK);
        Assert.Equal("16:00", changed.GetProperty("sides")[1].GetProperty("closesAt").GetString());
        var returned = await TrucksAsync(app, ids);
        Assert.All(returned, t => Assert.Equal((TruckStatus.Waiting, 0, (DateTimeOffset?)null), (t.Status, t.NoShows, t.CalledAt)));
        Assert.Equal(numbers, returned.Select(t => t.QueueNumber).ToList());
        Assert.Equal(3, await app.Db(db => db.OutboxMessages.CountAsync(m => m.Type == "truck" && m.Payload.Contains("returned-to-queue"))));
        var queue = await (await app.As("pk.officer.ghulam-khan")).GetJson("/api/v1/crossings/ghulam-khan/queue/PK-AF");
        Assert.Equal(ids, queue.EnumerateArray().Select(e => e.GetProperty("truckId").GetGuid()).Take(3).ToList());
    }

    [Fact]
    public async Task Closing_every_lane_under_called_trucks_through_the_direction_route_is_explained_too()
    {
        await using var app = await TestApp.StartAsync();
        var ids = await CalledAtGhulamKhanAsync(app, 2);
        var admin = await app.As("admin");

        var refused = await (await Patch(admin, "/api/v1/crossings/ghulam-khan/directions/PK-AF", new { lanesOpen = 0 })).Problem(HttpStatusCode.Conflict);
        Assert.Contains("2 trucks called forward could not pass after this change: 2 in PK-AF (no lane would be open)", refused.GetProperty("detail").GetString());
        Assert.Equal(2, (await admin.GetJson("/api/v1/admin/crossings/ghulam-khan")).GetProperty("directions")[0].GetProperty("lanesOpen").GetInt32());

        // The other direction has no called trucks: its lanes close without a word.
        await (await Patch(admin, "/api/v1/crossings/ghulam-khan/directions/AF-PK", new { lanesOpen = 0 })).Json(HttpStatusCode.OK);

        // Once their exits are recorded, nothing is stranded.
        var officer = await app.As("pk.officer.ghulam-khan");
        foreach (var id in ids)
        {
            await (await officer.Post($"/api/v1/trucks/{id}/exit", null)).Json(HttpStatusCode.OK);
        }
        var closed = await (await Patch(admin, "/api/v1/crossings/ghulam-khan/directions/PK-AF", new { lanesOpen = 0 })).Json(HttpStatusCode.OK);
        Assert.Equal(0, closed.GetProperty("lanesOpen").GetInt32());
    }

    [Fact]
    public async Task Estimated_calls_at_karachi_and_kabul_gates_move_to_the_next_morning_at_08_00_kabul()
    {
        await using var app = await TestApp.StartAsync();
        app.Time.Advance(TimeSpan.FromHours(5.5)); // 11:30 UTC; Karachi closes at 17:00, 12:00 UTC
        var carrier = await app.As("carrier.demo");
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().At("ghulam-khan").Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
            ids.Add(id);
        }

        var queue = await (await app.As("pk.officer.ghulam-khan")).GetJson("/api/v1/crossings/ghulam-khan/queue/PK-AF");
        var estimates = queue.EnumerateArray().Select(e => e.GetProperty("estimatedCallAt").GetDateTimeOffset().UtcDateTime.ToString("HH:mm:ss dd", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // 2 lanes × 4 trucks an hour: one every 7.5 minutes until 12:00 UTC, then from 08:00 Kabul, 03:30 UTC, the next day.
        Assert.Equal(["11:30:00 28", "11:37:30 28", "11:45:00 28", "11:52:30 28", "03:30:00 29", "03:37:30 29"], estimates);
    }

    [Fact]
    public async Task Estimated_calls_step_to_the_next_local_opening_across_the_night_the_clocks_spring_forward()
    {
        await using var app = await TestApp.StartAsync();
        var admin = await app.As("admin");
        await (await admin.Post("/api/v1/admin/crossings", NewCrossing("danube", "Europe/Bucharest", "Europe/Bucharest", "08:00", "16:00", lanesOpen: 1, perLane: 1)))
            .Json(HttpStatusCode.Created);
        // Saturday 27 March 2027, 13:00 UTC = 15:00 EET. Bucharest moves to EEST (UTC+3) at 03:00 on Sunday.
        app.Time.Advance(DateTimeOffset.Parse("2027-03-27T13:00:00Z", System.Globalization.CultureInfo.InvariantCulture) - app.Time.GetUtcNow());
        var carrier = await app.As("carrier.demo");
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().At("danube").Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
            ids.Add(id);
        }

        var estimates = new List<DateTimeOffset>();
        foreach (var id in ids)
        {
            estimates.Add((await carrier.GetJson($"/api/v1/trucks/{id}")).GetProperty("estimatedCallAt").GetDateTimeOffset());
        }
        // One truck an hour: 15:00 EET; 16:00 EET is closing time, so 08:00 EEST on Sunday (05:00 UTC, not 06:00), then 09:00 EEST.
        Assert.Equal(
            new[] { "2027-03-27T13:00:00Z", "2027-03-28T05:00:00Z", "2027-03-28T06:00:00Z" }.Select(t => DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture)),
            estimates);
    }

    [Theory]
    [InlineData("AF", 19, 30)] // midnight in Kabul (UTC+4:30)
    [InlineData("PK", 19, 0)]  // midnight in Karachi (UTC+5)
    public async Task A_commitment_falls_overdue_at_midnight_on_the_obligor_sides_clock(string obligor, int hour, int minute)
    {
        await using var app = await TestApp.StartAsync();
        var id = await Registers.CommitmentAsync(app, obligor, dueOn: "2026-11-28");
        var liaison = await app.As("af.liaison");
        var midnight = new DateTimeOffset(2026, 11, 28, hour, minute, 0, TimeSpan.Zero);

        app.Time.Advance(midnight.AddSeconds(-1) - app.Time.GetUtcNow());
        Assert.Equal("open", (await liaison.GetJson($"/api/v1/commitments/{id}")).GetProperty("status").GetString());
        app.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("overdue", (await liaison.GetJson($"/api/v1/commitments/{id}")).GetProperty("status").GetString());
        Assert.Contains(id, (await liaison.GetJson("/api/v1/commitments?status=overdue")).EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
    }
}
