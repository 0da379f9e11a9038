using System.Net;
using System.Text.Json;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Crossings;

public sealed class StatusTests
{
    [Fact]
    public async Task The_public_list_shows_every_crossing_with_both_sides_time_zones_and_lanes()
    {
        await using var app = await TestApp.StartAsync();
        var crossings = await app.Anonymous().GetJson("/api/v1/crossings");

        Assert.Equal(["angoor-adda", "chaman", "ghulam-khan", "kharlachi", "torkham"], crossings.EnumerateArray().Select(c => c.GetProperty("id").GetString()!).Order().ToArray());
        var torkham = crossings.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "torkham");
        Assert.Equal(["Asia/Karachi", "Asia/Kabul"], torkham.GetProperty("sides").EnumerateArray().Select(s => s.GetProperty("timeZone").GetString()!).ToArray());
        var direction = torkham.GetProperty("directions")[0];
        Assert.Equal("PK-AF", direction.GetProperty("id").GetString());
        Assert.Equal(4, direction.GetProperty("lanesOpen").GetInt32());
        Assert.Equal(6, direction.GetProperty("lanesMax").GetInt32());
        Assert.Equal(0, direction.GetProperty("estimatedWaitMinutes").GetProperty("general").GetDouble());
    }

    [Fact]
    public async Task Estimated_waits_grow_with_the_queue_and_vanish_while_closed_with_no_reopening()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        for (var i = 0; i < 10; i++)
        {
            var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        }
        var open = (await app.Anonymous().GetJson("/api/v1/crossings/torkham")).GetProperty("directions")[0];
        Assert.Equal(10, open.GetProperty("waiting").GetInt32());
        // Ten general trucks ahead at one every 2.5 minutes.
        Assert.Equal(25, open.GetProperty("estimatedWaitMinutes").GetProperty("general").GetDouble());
        // A perishable takes the green lane ahead of most of them.
        Assert.True(open.GetProperty("estimatedWaitMinutes").GetProperty("perishable").GetDouble() < 25);

        await (await (await app.As("pk.liaison")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Directions("PK-AF").Build())).Json(HttpStatusCode.Created);
        var closed = (await app.Anonymous().GetJson("/api/v1/crossings/torkham")).GetProperty("directions")[0];
        Assert.Equal("closed", closed.GetProperty("state").GetString());
        Assert.Equal(10, closed.GetProperty("stranded").GetInt32());
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("estimatedWaitMinutes").GetProperty("general").ValueKind);
    }

    [Fact]
    public async Task Stranded_counts_perishables_spoiling_before_the_expected_reopening_and_their_value()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        var now = app.Time.GetUtcNow();
        var trucks = new[]
        {
            new TruckBuilder().Value(1000),
            new TruckBuilder().Perishable(now.AddHours(10)).Value(5000),
            new TruckBuilder().Perishable(now.AddHours(100)).Value(7000),
        };
        foreach (var truck in trucks)
        {
            var id = (await (await carrier.Post("/api/v1/trucks", truck.Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        }
        await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Until(now.AddHours(48)).Build())).Json(HttpStatusCode.Created);

        var stranded = await app.Anonymous().GetJson("/api/v1/crossings/torkham/stranded");
        var pkAf = stranded.GetProperty("directions").EnumerateArray().Single(d => d.GetProperty("direction").GetString() == "PK-AF");
        Assert.True(pkAf.GetProperty("blocked").GetBoolean());
        Assert.Equal(3, pkAf.GetProperty("trucks").GetInt32());
        Assert.Equal(2, pkAf.GetProperty("perishableTrucks").GetInt32());
        Assert.Equal(1, pkAf.GetProperty("spoilingBeforeReopening").GetInt32());
        Assert.Equal(5000, pkAf.GetProperty("valueAtRiskUsd").GetDecimal());

        // The closure itself was recorded in the time series, and the tick adds a point every 15 minutes.
        var history = await app.Anonymous().GetJson("/api/v1/crossings/torkham/stranded/history?direction=PK-AF");
        Assert.Equal(3, history.EnumerateArray().Last().GetProperty("trucks").GetInt32());
        var before = history.GetArrayLength();
        app.Time.Advance(TimeSpan.FromMinutes(15));
        await app.TickAsync();
        Assert.Equal(before + 1, (await app.Anonymous().GetJson("/api/v1/crossings/torkham/stranded/history?direction=PK-AF")).GetArrayLength());
    }
}
