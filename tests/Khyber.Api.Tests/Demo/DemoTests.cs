using System.Net;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Demo;

public sealed class DemoTests
{
    private static readonly Dictionary<string, string> DemoOn = new()
    {
        ["Demo:Enabled"] = "true",
        ["Demo:HistoryDays"] = "3",
        ["Demo:Password"] = TestDatabase.Password,
    };

    [Fact]
    public async Task A_first_start_with_the_demo_shows_torkham_closed_by_the_afghan_side_over_a_commitment_dispute()
    {
        await using var app = await TestApp.StartEmptyAsync(DemoOn);

        var crossings = await app.Anonymous().GetJson("/api/v1/crossings");
        Assert.Equal(["angoor-adda", "chaman", "ghulam-khan", "kharlachi", "torkham"], crossings.EnumerateArray().Select(c => c.GetProperty("id").GetString()!).Order().ToArray());

        var torkham = await app.Anonymous().GetJson("/api/v1/crossings/torkham");
        var gates = torkham.GetProperty("sides").EnumerateArray().ToDictionary(s => s.GetProperty("country").GetString()!, s => s.GetProperty("gateState").GetString());
        Assert.Equal("closed", gates["AF"]);
        Assert.Equal("open", gates["PK"]);
        foreach (var direction in torkham.GetProperty("directions").EnumerateArray())
        {
            Assert.Equal("closed", direction.GetProperty("state").GetString());
            Assert.Equal("commitment-dispute", direction.GetProperty("reasonCategory").GetString());
            Assert.Contains("commitments", direction.GetProperty("reason").GetString());
            Assert.InRange(direction.GetProperty("stranded").GetInt32(), 200, 1000);
            Assert.True(direction.GetProperty("perishableWaiting").GetInt32() > 30);
        }

        var unacknowledged = await app.Anonymous().GetJson("/api/v1/notices?crossing=torkham&acknowledged=false");
        var closure = Assert.Single(unacknowledged.EnumerateArray());
        Assert.Equal("AF", closure.GetProperty("side").GetString());

        var stranded = await app.Anonymous().GetJson("/api/v1/crossings/torkham/stranded");
        Assert.All(stranded.GetProperty("directions").EnumerateArray(), d => Assert.True(d.GetProperty("valueAtRiskUsd").GetDecimal() > 0));

        // The other crossings are open with some traffic, and there is history to chart.
        var chaman = await app.Anonymous().GetJson("/api/v1/crossings/chaman");
        Assert.All(chaman.GetProperty("directions").EnumerateArray(), d => Assert.Equal("open", d.GetProperty("state").GetString()));
        Assert.True(chaman.GetProperty("directions")[0].GetProperty("waiting").GetInt32() > 0);
        var crossed = await app.Db(db => Task.FromResult(db.Trucks.Count(t => t.Status == Domain.Trucks.TruckStatus.Entered)));
        Assert.True(crossed > 500, $"only {crossed} trucks of history");

        // Loading the demo is itself audited, and the chain verifies.
        var verification = await (await app.As("pk.liaison")).GetJson("/api/v1/audit/verification");
        Assert.True(verification.GetProperty("valid").GetBoolean(), verification.ToString());
        Assert.True(verification.GetProperty("entries").GetInt64() >= 2);
    }

    [Fact]
    public async Task The_demos_history_was_called_forward_by_the_queues_rules_and_every_truck_that_crossed_is_in_the_call_log()
    {
        // Twelve days, so that the history spans the day Chaman was closed by the protest.
        await using var app = await TestApp.StartEmptyAsync(new Dictionary<string, string>(DemoOn) { ["Demo:HistoryDays"] = "12" });
        foreach (var direction in new[] { "PK-AF", "AF-PK" })
        {
            var calls = new List<System.Text.Json.JsonElement>();
            for (var url = $"/api/v1/crossings/chaman/queue/{direction}/calls?limit=200"; url is not null;)
            {
                using var response = await app.Anonymous().GetAsync(url);
                calls.AddRange((await response.Json(HttpStatusCode.OK)).EnumerateArray());
                url = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split(['<', '>'])[1] : null;
            }
            var called = calls.SelectMany(c => c.GetProperty("trucks").EnumerateArray()).ToList();
            var crossed = await app.Db(db => Task.FromResult(db.Trucks
                .Where(t => t.CrossingId == "chaman" && t.Direction == (direction == "PK-AF" ? Domain.Direction.PkToAf : Domain.Direction.AfToPk) && t.Status == Domain.Trucks.TruckStatus.Entered)
                .Select(t => t.QueueNumber!.Value).ToList()));
            // Every truck of the history crossed through a recorded call, once; the calls were made on the queue's rules.
            Assert.True(calls.Count > 50, $"{calls.Count} calls");
            Assert.Equal(crossed.Order(), called.Select(t => t.GetProperty("queueNumber").GetInt64()).Order());
            Assert.Contains(called, t => t.GetProperty("rule").GetString() == "arrival-order");
            Assert.Contains(called, t => t.GetProperty("rule").GetString() == "green-lane-share");
            // No call while the protest closed Chaman ten days ago.
            var closed = (KhyberFactory.Start.AddDays(-10), KhyberFactory.Start.AddDays(-9));
            Assert.Contains(calls, c => c.GetProperty("at").GetDateTimeOffset() < closed.Item1);
            Assert.DoesNotContain(calls, c => c.GetProperty("at").GetDateTimeOffset() is var at && at >= closed.Item1 && at < closed.Item2);
        }
    }

    [Fact]
    public async Task Every_demo_user_signs_in_with_the_demo_password()
    {
        await using var app = await TestApp.StartEmptyAsync(new Dictionary<string, string>(DemoOn) { ["Demo:HistoryDays"] = "0" });
        var users = new List<string> { "admin", "pk.liaison", "af.liaison", "carrier.demo", "carrier2.demo" };
        foreach (var crossing in new[] { "torkham", "chaman", "ghulam-khan", "angoor-adda", "kharlachi" })
        {
            users.Add($"pk.officer.{crossing}");
            users.Add($"af.officer.{crossing}");
        }
        foreach (var user in users)
        {
            var me = await (await app.As(user)).GetJson("/api/v1/auth/me");
            Assert.Equal(user, me.GetProperty("username").GetString());
        }
    }

    [Fact]
    public async Task The_demo_is_refused_in_production_unless_forced()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartEmptyAsync(DemoOn, environment: "Production"));
        Assert.Contains("Demo:Force", error.ToString());

        await using var forced = await TestApp.StartEmptyAsync(new Dictionary<string, string>(DemoOn) { ["Demo:Force"] = "true", ["Demo:HistoryDays"] = "0" }, environment: "Production");
        Assert.Equal(5, (await forced.Anonymous().GetJson("/api/v1/crossings")).GetArrayLength());
    }
}
