using System.Net;
using System.Text.Json;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Queue;

public sealed class QueueTests
{
    private static async Task<Guid> RegisterAndCheckIn(TestApp app, TruckBuilder truck, string carrier = "carrier.demo")
    {
        var client = await app.As(carrier);
        var registered = await (await client.Post("/api/v1/trucks", truck.Build())).Json(HttpStatusCode.Created);
        var id = registered.GetProperty("id").GetGuid();
        await (await client.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task A_carrier_registers_checks_in_and_sees_its_position_and_estimated_call()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        var registered = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        Assert.Equal("registered", registered.GetProperty("status").GetString());
        var id = registered.GetProperty("id").GetGuid();

        var arrived = await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        Assert.Equal("waiting", arrived.GetProperty("status").GetString());
        Assert.Equal(1, arrived.GetProperty("position").GetInt32());
        Assert.Equal(app.Time.GetUtcNow(), arrived.GetProperty("estimatedCallAt").GetDateTimeOffset());

        var second = await RegisterAndCheckIn(app, new TruckBuilder());
        var truck = await carrier.GetJson($"/api/v1/trucks/{second}");
        Assert.Equal(2, truck.GetProperty("position").GetInt32());
        // Torkham PK-AF: 4 lanes × 6 trucks an hour = one every 2.5 minutes.
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(2.5), truck.GetProperty("estimatedCallAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_officer_of_the_departure_side_calls_the_green_lane_and_humanitarian_cargo_per_the_policy()
    {
        await using var app = await TestApp.StartAsync();
        var general1 = await RegisterAndCheckIn(app, new TruckBuilder());
        var general2 = await RegisterAndCheckIn(app, new TruckBuilder());
        var perishable = await RegisterAndCheckIn(app, new TruckBuilder().Perishable(app.Time.GetUtcNow().AddHours(12)));
        var aid = await RegisterAndCheckIn(app, new TruckBuilder().Category("humanitarian"));

        var queue = await (await app.As("af.officer.torkham")).GetJson("/api/v1/crossings/torkham/queue/PK-AF");
        Assert.Equal([aid, general1, general2, perishable], queue.EnumerateArray().Select(e => e.GetProperty("truckId").GetGuid()).ToArray()[..4]);

        var pkOfficer = await app.As("pk.officer.torkham");
        var called = await (await pkOfficer.Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 3 })).Json(HttpStatusCode.OK);
        var ids = called.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToArray();
        // Humanitarian first; then, with a 40% green-lane share, general, general, perishable.
        Assert.Equal([aid, general1, general2], ids);
        Assert.All(called.EnumerateArray(), t => Assert.Equal("called", t.GetProperty("status").GetString()));

        var carrier = await app.As("carrier.demo");
        Assert.Equal("called", (await carrier.GetJson($"/api/v1/trucks/{aid}")).GetProperty("status").GetString());
        var remaining = await carrier.GetJson($"/api/v1/trucks/{perishable}");
        Assert.Equal(1, remaining.GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task Calling_a_closed_direction_is_a_conflict_and_only_the_departure_side_calls()
    {
        await using var app = await TestApp.StartAsync();
        await RegisterAndCheckIn(app, new TruckBuilder());
        await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 1 })).Problem(HttpStatusCode.Forbidden);

        await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);
        var problem = await (await (await app.As("pk.officer.torkham")).Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 1 })).Problem(HttpStatusCode.Conflict);
        Assert.Contains("closed", problem.GetProperty("detail").GetString());
        Assert.Equal("waiting", (await (await app.As("carrier.demo")).GetJson("/api/v1/trucks?status=waiting")).EnumerateArray().Single().GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_restricted_direction_calls_only_the_categories_it_lets_through()
    {
        await using var app = await TestApp.StartAsync();
        var general = await RegisterAndCheckIn(app, new TruckBuilder());
        var perishable = await RegisterAndCheckIn(app, new TruckBuilder().Perishable(app.Time.GetUtcNow().AddHours(30)));
        await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().State("restricted").Build())).Json(HttpStatusCode.Created);

        var called = await (await (await app.As("pk.officer.torkham")).Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 5 })).Json(HttpStatusCode.OK);

        Assert.Equal([perishable], called.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToArray());
        var stranded = await app.Anonymous().GetJson("/api/v1/crossings/torkham/stranded");
        Assert.Equal(1, stranded.GetProperty("directions")[0].GetProperty("trucks").GetInt32());
        Assert.NotEqual(general, Guid.Empty);
    }

    [Fact]
    public async Task Two_officers_calling_at_the_same_instant_never_get_the_same_truck()
    {
        await using var app = await TestApp.StartAsync();
        for (var i = 0; i < 24; i++)
        {
            await RegisterAndCheckIn(app, i % 3 == 0 ? new TruckBuilder().Perishable(app.Time.GetUtcNow().AddHours(20 + i)) : new TruckBuilder());
        }
        var officers = new[] { await app.As("pk.officer.torkham"), await app.As("pk.officer.torkham") };

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => officers[i % 2].Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 3 })));

        var called = new List<Guid>();
        foreach (var response in responses)
        {
            var body = await response.Json(HttpStatusCode.OK);
            called.AddRange(body.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        }
        Assert.Equal(24, called.Count);
        Assert.Equal(24, called.Distinct().Count());
        var statuses = await app.Db(db => Task.FromResult(db.Trucks.Select(t => t.Status).ToList()));
        Assert.All(statuses, s => Assert.Equal(Domain.Trucks.TruckStatus.Called, s));
    }

    [Fact]
    public async Task Fifty_check_ins_at_once_in_one_direction_with_calls_among_them_all_get_distinct_numbers_on_one_chain()
    {
        await using var app = await TestApp.StartAsync();
        var carriers = new[] { await app.As("carrier.demo"), await app.As("carrier2.demo") };
        var trucks = new List<(HttpClient Carrier, Guid Id)>();
        for (var i = 0; i < 50; i++)
        {
            var carrier = carriers[i % 2];
            var registered = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
            trucks.Add((carrier, registered.GetProperty("id").GetGuid()));
        }
        var officer = await app.As("pk.officer.torkham");

        // Check-ins and calls read outside the chain's lock; check-ins take their numbers when they append.
        var checkIns = trucks.Select(t => t.Carrier.Post($"/api/v1/trucks/{t.Id}/arrival", null)).ToList();
        var calls = Enumerable.Range(0, 4).Select(_ => officer.Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 3 })).ToList();
        var responses = await Task.WhenAll(checkIns.Concat(calls));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var numbers = await app.Db(db => Task.FromResult(db.Trucks.Select(t => t.QueueNumber).ToList()));
        Assert.Equal(Enumerable.Range(1, 50).Select(n => (long?)n), numbers.Order());
        var next = await app.Db(db => Task.FromResult(db.CrossingDirections.Single(d => d.CrossingId == "torkham" && d.Direction == Domain.Direction.PkToAf).NextQueueNumber));
        Assert.Equal(51, next);
        var called = new List<Guid>();
        foreach (var call in calls)
        {
            called.AddRange((await (await call).Json(HttpStatusCode.OK)).EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        }
        Assert.Equal(called.Count, called.Distinct().Count());
        // Every truck a call took had joined the queue before that call: its number is below the call's queuedBefore.
        var lines = await app.Db(db => Task.FromResult(db.CalledTrucks.Join(db.CallRecords, t => t.CallId, c => c.Id, (t, c) => new { t.QueueNumber, c.QueuedBefore }).ToList()));
        Assert.Equal(called.Count, lines.Count);
        Assert.All(lines, l => Assert.True(l.QueueNumber < l.QueuedBefore, $"{l.QueueNumber} called by a call queued before {l.QueuedBefore}"));
        var entries = (await (await app.As("af.liaison")).GetJson("/api/v1/audit?after=0&limit=5000")).EnumerateArray().ToList();
        Assert.Equal(entries.Count, entries.Select(e => e.GetProperty("previousHash").GetString()).Distinct().Count());
        Assert.True((await (await app.As("pk.liaison")).GetJson("/api/v1/audit/verification")).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task A_called_truck_that_does_not_show_goes_to_the_back_of_the_queue()
    {
        await using var app = await TestApp.StartAsync();
        var first = await RegisterAndCheckIn(app, new TruckBuilder());
        var second = await RegisterAndCheckIn(app, new TruckBuilder());
        var officer = await app.As("pk.officer.torkham");
        await (await officer.Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 1 })).Json(HttpStatusCode.OK);

        app.Time.Advance(TimeSpan.FromMinutes(19));
        await app.TickAsync();
        Assert.Equal("called", (await officer.GetJson($"/api/v1/trucks/{first}")).GetProperty("status").GetString());

        app.Time.Advance(TimeSpan.FromMinutes(2));
        await app.TickAsync();
        var sentBack = await officer.GetJson($"/api/v1/trucks/{first}");
        Assert.Equal("waiting", sentBack.GetProperty("status").GetString());
        Assert.Equal(2, sentBack.GetProperty("position").GetInt32());
        Assert.Equal(1, sentBack.GetProperty("noShows").GetInt32());
        Assert.Equal(1, (await officer.GetJson($"/api/v1/trucks/{second}")).GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task Exit_by_the_departure_side_then_entry_by_the_arrival_side_completes_the_crossing()
    {
        await using var app = await TestApp.StartAsync();
        var id = await RegisterAndCheckIn(app, new TruckBuilder());
        var pk = await app.As("pk.officer.torkham");
        var af = await app.As("af.officer.torkham");
        await (await pk.Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 1 })).Json(HttpStatusCode.OK);

        await (await af.Post($"/api/v1/trucks/{id}/exit", null)).Problem(HttpStatusCode.Forbidden);
        await (await pk.Post($"/api/v1/trucks/{id}/entry", null)).Problem(HttpStatusCode.Forbidden);
        await (await af.Post($"/api/v1/trucks/{id}/entry", null)).Problem(HttpStatusCode.Conflict);
        Assert.Equal("exited", (await (await pk.Post($"/api/v1/trucks/{id}/exit", null)).Json(HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal("entered", (await (await af.Post($"/api/v1/trucks/{id}/entry", null)).Json(HttpStatusCode.OK)).GetProperty("status").GetString());

        // The vehicle may register again once the crossing is complete.
        var plate = (await pk.GetJson($"/api/v1/trucks/{id}")).GetProperty("plate").GetString()!;
        await (await (await app.As("carrier.demo")).Post("/api/v1/trucks", new TruckBuilder().Plate(plate).Build())).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_officer_of_either_side_rejects_with_a_reason_and_the_carrier_may_cancel()
    {
        await using var app = await TestApp.StartAsync();
        var rejected = await RegisterAndCheckIn(app, new TruckBuilder());
        var af = await app.As("af.officer.torkham");
        await (await af.Post($"/api/v1/trucks/{rejected}/rejection", new { reason = "" })).Problem(HttpStatusCode.UnprocessableEntity, "reason");
        var body = await (await af.Post($"/api/v1/trucks/{rejected}/rejection", new { reason = "Cargo does not match the manifest." })).Json(HttpStatusCode.OK);
        Assert.Equal("rejected", body.GetProperty("status").GetString());
        Assert.Equal("Cargo does not match the manifest.", body.GetProperty("rejectionReason").GetString());

        var cancelled = await RegisterAndCheckIn(app, new TruckBuilder());
        await (await (await app.As("carrier2.demo")).Post($"/api/v1/trucks/{cancelled}/cancellation", null)).Problem(HttpStatusCode.NotFound);
        var carrier = await app.As("carrier.demo");
        Assert.Equal("cancelled", (await (await carrier.Post($"/api/v1/trucks/{cancelled}/cancellation", null)).Json(HttpStatusCode.OK)).GetProperty("status").GetString());
        await (await carrier.Post($"/api/v1/trucks/{cancelled}/cancellation", null)).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_perishable_still_waiting_past_its_spoil_time_is_marked_spoiled()
    {
        await using var app = await TestApp.StartAsync();
        var id = await RegisterAndCheckIn(app, new TruckBuilder().Perishable(app.Time.GetUtcNow().AddHours(3)));
        await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);

        app.Time.Advance(TimeSpan.FromHours(3));
        await app.TickAsync();

        var truck = await (await app.As("carrier.demo")).GetJson($"/api/v1/trucks/{id}");
        Assert.Equal("spoiled", truck.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, truck.GetProperty("position").ValueKind);
    }
}
