using System.Net;
using System.Text.Json;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Queue;

/// <summary>The call log: every call records the rule that chose each truck; the public reads it masked; a carrier's truck explains its place from it.</summary>
public sealed class CallLogTests
{
    private const string Log = "/api/v1/crossings/torkham/queue/PK-AF/calls";

    private static async Task<Guid> Arrive(TestApp app, TruckBuilder truck)
    {
        var carrier = await app.As("carrier.demo");
        var id = (await (await carrier.Post("/api/v1/trucks", truck.Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        return id;
    }

    private static async Task<Guid[]> Call(TestApp app, int count)
    {
        var called = await (await (await app.As("pk.officer.torkham")).Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count })).Json(HttpStatusCode.OK);
        return [.. called.EnumerateArray().Select(t => t.GetProperty("id").GetGuid())];
    }

    [Fact]
    public async Task Each_call_is_logged_with_the_rule_that_chose_each_truck_and_the_public_sees_plates_masked()
    {
        await using var app = await TestApp.StartAsync();
        await Arrive(app, new TruckBuilder().Plate("QTA2291"));
        await Arrive(app, new TruckBuilder());
        await Arrive(app, new TruckBuilder().Perishable(app.Time.GetUtcNow().AddHours(12)));
        await Arrive(app, new TruckBuilder().Category("humanitarian"));
        var first = await Call(app, 3);
        app.Time.Advance(TimeSpan.FromMinutes(2));
        await Call(app, 1);

        var response = await app.Anonymous().GetAsync(Log);
        var calls = await response.Json(HttpStatusCode.OK);
        Assert.False(response.Headers.Contains("Link"));

        // Newest first: call 2 took the perishable; call 1 the aid, then the two general trucks in arrival order.
        Assert.Equal([2L, 1L], calls.EnumerateArray().Select(c => c.GetProperty("number").GetInt64()).ToArray());
        var one = calls[1];
        Assert.Equal(KhyberFactory.Start, one.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("PK-AF", one.GetProperty("direction").GetString());
        Assert.Equal(
            [(1, "humanitarian", "humanitarian", 4L), (2, "general", "arrival-order", 1L), (3, "general", "arrival-order", 2L)],
            one.GetProperty("trucks").EnumerateArray().Select(t => (t.GetProperty("position").GetInt32(), t.GetProperty("category").GetString(), t.GetProperty("rule").GetString(), t.GetProperty("queueNumber").GetInt64())).ToArray());
        Assert.Equal("••••291", one.GetProperty("trucks")[1].GetProperty("plate").GetString());
        Assert.Equal("green-lane-share", calls[0].GetProperty("trucks")[0].GetProperty("rule").GetString());
        Assert.DoesNotContain("QTA2291", calls.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("officer", calls.GetRawText(), StringComparison.Ordinal);

        // The call and its log are one audited change, named by the record it created.
        var callId = one.GetProperty("id").GetGuid();
        var entry = await app.Db(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Subject == $"callrecord/{callId}"));
        Assert.Equal("CallForward", entry.Action);
        Assert.Equal("pk.officer.torkham", entry.Actor);
        Assert.Equal(3, first.Length);
    }

    [Fact]
    public async Task The_log_is_read_a_page_at_a_time_by_call_number_following_the_link()
    {
        await using var app = await TestApp.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await Arrive(app, new TruckBuilder());
            await Call(app, 1);
        }

        var numbers = new List<long>();
        var url = $"{Log}?limit=2";
        var pages = 0;
        while (url is not null)
        {
            var response = await app.Anonymous().GetAsync(url);
            var page = await response.Json(HttpStatusCode.OK);
            numbers.AddRange(page.EnumerateArray().Select(c => c.GetProperty("number").GetInt64()));
            url = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split('<', '>')[1] : null;
            pages++;
        }

        Assert.Equal([5L, 4L, 3L, 2L, 1L], numbers);
        Assert.Equal(3, pages);
        Assert.Empty((await app.Anonymous().GetJson("/api/v1/crossings/torkham/queue/AF-PK/calls")).EnumerateArray());
    }

    [Fact]
    public async Task A_carriers_truck_explains_the_trucks_called_ahead_of_it_since_it_checked_in_by_rule()
    {
        await using var app = await TestApp.StartAsync();
        var before = await Arrive(app, new TruckBuilder());
        await Call(app, 1);
        var mine = await Arrive(app, new TruckBuilder());
        var perishables = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            perishables.Add(await Arrive(app, new TruckBuilder().Perishable(app.Time.GetUtcNow().AddHours(20 + i))));
        }
        await Arrive(app, new TruckBuilder().Category("humanitarian"));
        var later = await Arrive(app, new TruckBuilder());

        // Humanitarian first; then with a 0.4 share: mine (general), perishable, later (general)…
        var called = await Call(app, 2);
        var carrier = await app.As("carrier.demo");
        var waiting = (await carrier.GetJson($"/api/v1/trucks/{perishables[0]}")).GetProperty("calledAhead");
        Assert.Equal(2, waiting.GetProperty("total").GetInt32());
        Assert.Equal(1, waiting.GetProperty("humanitarian").GetInt32());
        Assert.Equal(1, waiting.GetProperty("arrivalOrder").GetInt32());
        Assert.Equal(2, waiting.GetProperty("fromCall").GetInt64());
        Assert.Equal(2, waiting.GetProperty("toCall").GetInt64());
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("calledInCall").ValueKind);
        Assert.Equal(KhyberFactory.Start, waiting.GetProperty("since").GetDateTimeOffset());

        var calledMine = (await carrier.GetJson($"/api/v1/trucks/{mine}")).GetProperty("calledAhead");
        Assert.Equal(mine, called[1]);
        Assert.Equal(1, calledMine.GetProperty("total").GetInt32());
        Assert.Equal(1, calledMine.GetProperty("humanitarian").GetInt32());
        Assert.Equal(2, calledMine.GetProperty("calledInCall").GetInt64());

        // The truck called before "mine" checked in was not ahead of it; nothing was called ahead of that one.
        var first = (await carrier.GetJson($"/api/v1/trucks/{before}")).GetProperty("calledAhead");
        Assert.Equal(0, first.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("fromCall").ValueKind);

        // Lists leave it out; a truck that never joined the queue has none.
        Assert.All((await carrier.GetJson("/api/v1/trucks")).EnumerateArray(), t => Assert.Equal(JsonValueKind.Null, t.GetProperty("calledAhead").ValueKind));
        var registered = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(JsonValueKind.Null, (await carrier.GetJson($"/api/v1/trucks/{registered}")).GetProperty("calledAhead").ValueKind);
        Assert.NotEqual(Guid.Empty, later);
    }

    [Fact]
    public async Task A_truck_sent_to_the_back_is_called_back_after_a_no_show_and_its_explanation_starts_again()
    {
        await using var app = await TestApp.StartAsync();
        var late = await Arrive(app, new TruckBuilder());
        await Call(app, 1);
        app.Time.Advance(TimeSpan.FromMinutes(21));
        await app.TickAsync();
        var other = await Arrive(app, new TruckBuilder());

        var carrier = await app.As("carrier.demo");
        var sentBack = (await carrier.GetJson($"/api/v1/trucks/{late}")).GetProperty("calledAhead");
        Assert.Equal(0, sentBack.GetProperty("total").GetInt32());
        Assert.Equal(app.Time.GetUtcNow(), sentBack.GetProperty("since").GetDateTimeOffset());

        Assert.Equal([late, other], await Call(app, 2));
        var newest = (await app.Anonymous().GetJson($"{Log}?limit=1"))[0].GetProperty("trucks");
        Assert.Equal(["back-after-no-show", "arrival-order"], newest.EnumerateArray().Select(t => t.GetProperty("rule").GetString()!).ToArray());
        Assert.Equal(1, (await carrier.GetJson($"/api/v1/trucks/{other}")).GetProperty("calledAhead").GetProperty("backAfterNoShow").GetInt32());
    }

    [Fact]
    public async Task A_called_truck_whose_direction_closes_keeps_its_place_and_its_deadline_restarts_when_it_reopens()
    {
        await using var app = await TestApp.StartAsync();
        var truck = await Arrive(app, new TruckBuilder());
        await Call(app, 1);
        var af = await app.As("af.officer.torkham");
        app.Time.Advance(TimeSpan.FromMinutes(5));
        await (await af.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().From(app.Time.GetUtcNow(), emergency: true).Build())).Json(HttpStatusCode.Created);

        app.Time.Advance(TimeSpan.FromMinutes(30));
        await app.TickAsync();
        var officer = await app.As("pk.officer.torkham");
        Assert.Equal("called", (await officer.GetJson($"/api/v1/trucks/{truck}")).GetProperty("status").GetString());
        Assert.Equal(KhyberFactory.Start.AddMinutes(5), await app.Db(db => db.Trucks.Where(t => t.Id == truck).Select(t => t.NoShowSuspendedSince).SingleAsync()));

        // A day later the gate reopens: the driver gets his full 20 minutes again, from the reopening.
        app.Time.Advance(TimeSpan.FromDays(1));
        var reopening = app.Time.GetUtcNow();
        await (await af.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().State("open").From(reopening, emergency: true).Build())).Json(HttpStatusCode.Created);
        app.Time.Advance(TimeSpan.FromMinutes(19));
        await app.TickAsync();
        Assert.Equal("called", (await officer.GetJson($"/api/v1/trucks/{truck}")).GetProperty("status").GetString());
        Assert.Equal(reopening, await app.Db(db => db.Trucks.Where(t => t.Id == truck).Select(t => t.NoShowCountsFrom).SingleAsync()));

        app.Time.Advance(TimeSpan.FromMinutes(2));
        await app.TickAsync();
        Assert.Equal("waiting", (await officer.GetJson($"/api/v1/trucks/{truck}")).GetProperty("status").GetString());

        // Each change was told to the carrier once, in order: suspended, restarted, sent back.
        var changes = await app.Db(db => db.OutboxMessages.AsNoTracking().Where(m => m.Type == "truck" && m.SubjectId == truck.ToString()).OrderBy(m => m.Position).Select(m => m.Payload).ToListAsync());
        Assert.Equal(["called", "no-show-suspended", "no-show-restarted", "sent-to-back"],
            changes.Select(p => JsonDocument.Parse(p).RootElement.GetProperty("data").GetProperty("change").GetString()!).ToArray());
    }
}
