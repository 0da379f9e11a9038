using System.Net;
using System.Text.Json;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Queue;

/// <summary>
/// Through the API, on the real database: a seeded sequence of arrivals, calls, exits, no-shows (the operations tick),
/// closures and reopenings; every truck's explanation (GET /trucks/{id}) equals the trucks the test saw called while
/// that truck waited, by the rule the public log gives — and adds up to what anyone counts in the public log.
/// </summary>
public sealed class CallExplanationSequenceTests
{
    private const string Calls = "/api/v1/crossings/torkham/queue/PK-AF/calls";

    private static readonly string[] Rules = ["humanitarian", "ageing-bound", "green-lane-share", "arrival-order", "back-after-no-show"];

    /// <summary>What the test knows of a truck: its status and, for its present place, the rules of the trucks called while it waited.</summary>
    private sealed class Known
    {
        public string Status = "waiting";
        public Dictionary<string, int> Ahead = [];
    }

    [Fact]
    public async Task The_explanation_of_every_truck_adds_up_exactly_over_a_random_day_at_the_gate()
    {
        await using var app = await TestApp.StartAsync();
        var random = new Random(20261128);
        var carrier = await app.As("carrier.demo");
        var pk = await app.As("pk.officer.torkham");
        var af = await app.As("af.officer.torkham");
        var trucks = new Dictionary<Guid, Known>();
        var closed = false;
        var calls = 0;
        var noShows = 0;

        for (var step = 0; step < 180; step++)
        {
            var dice = random.NextDouble();
            if (dice < 0.30)
            {
                var truck = random.Next(6) switch
                {
                    0 => new TruckBuilder().Perishable(app.Time.GetUtcNow().AddDays(20)),
                    1 => new TruckBuilder().Perishable(app.Time.GetUtcNow().AddDays(21)),
                    2 => new TruckBuilder().Category("humanitarian"),
                    3 => new TruckBuilder().Category("transit"),
                    _ => new TruckBuilder(),
                };
                var id = (await (await carrier.Post("/api/v1/trucks", truck.Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
                await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
                trucks[id] = new Known();
            }
            else if (dice < 0.62)
            {
                var response = await pk.Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = random.Next(1, 5) });
                if (closed)
                {
                    await response.Problem(HttpStatusCode.Conflict);
                    continue;
                }
                var called = (await response.Json(HttpStatusCode.OK)).EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();
                if (called.Count == 0)
                {
                    continue;
                }
                calls++;
                var log = (await app.Anonymous().GetJson($"{Calls}?limit=1"))[0];
                Assert.Equal(calls, log.GetProperty("number").GetInt64());
                var rules = log.GetProperty("trucks").EnumerateArray().Select(t => t.GetProperty("rule").GetString()!).ToList();
                Assert.Equal(called.Count, rules.Count);
                var waiting = trucks.Where(t => t.Value.Status == "waiting").Select(t => t.Key).ToList();
                for (var i = 0; i < called.Count; i++)
                {
                    foreach (var other in waiting.Where(w => !called.Take(i + 1).Contains(w)))
                    {
                        trucks[other].Ahead[rules[i]] = trucks[other].Ahead.GetValueOrDefault(rules[i]) + 1;
                    }
                    trucks[called[i]].Status = "called";
                }
            }
            else if (dice < 0.72)
            {
                var called = trucks.Where(t => t.Value.Status == "called").Select(t => t.Key).ToList();
                if (called.Count > 0)
                {
                    var id = called[random.Next(called.Count)];
                    await (await pk.Post($"/api/v1/trucks/{id}/exit", null)).Json(HttpStatusCode.OK);
                    trucks[id].Status = "exited";
                }
            }
            else if (dice < 0.78)
            {
                // Past the no-show deadline: called trucks that have not exited go to the back — unless the way is shut.
                app.Time.Advance(TimeSpan.FromMinutes(21));
                await app.TickAsync();
                foreach (var (id, known) in trucks.Where(t => t.Value.Status == "called").ToList())
                {
                    if ((await pk.GetJson($"/api/v1/trucks/{id}")).GetProperty("status").GetString() == "waiting")
                    {
                        Assert.False(closed);
                        trucks[id] = new Known();
                        noShows++;
                    }
                }
            }
            else if (dice < (closed ? 0.92 : 0.84))
            {
                // Notices of one side in the same instant would leave which governs to chance: let a minute pass.
                app.Time.Advance(TimeSpan.FromMinutes(1));
                closed = !closed;
                var notice = new NoticeBuilder().State(closed ? "closed" : "open").Directions("PK-AF").From(app.Time.GetUtcNow(), emergency: true);
                await (await af.Post("/api/v1/crossings/torkham/notices", notice.Build())).Json(HttpStatusCode.Created);
            }
            else
            {
                app.Time.Advance(TimeSpan.FromMinutes(random.Next(0, 3)));
            }
        }

        var whole = await WholeLog(app);
        Assert.Equal(calls, whole.Count);
        foreach (var (id, known) in trucks)
        {
            var why = (await carrier.GetJson($"/api/v1/trucks/{id}")).GetProperty("calledAhead");
            foreach (var rule in Rules)
            {
                var field = JsonNamingPolicy.CamelCase.ConvertName(string.Concat(rule.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..])));
                Assert.True(known.Ahead.GetValueOrDefault(rule) == why.GetProperty(field).GetInt32(), $"truck {id} ({known.Status}), {rule}: {why}");
            }
            Assert.Equal(known.Ahead.Values.Sum(), why.GetProperty("total").GetInt32());
            Assert.Equal(why.GetProperty("total").GetInt32(), PublicCount(whole, why));
        }
        Assert.True(calls >= 25 && noShows >= 5 && trucks.Count >= 30, $"{calls} calls, {noShows} no-shows, {trucks.Count} trucks");
    }

    /// <summary>Every call of the public log, oldest first, read page by page through the Link header.</summary>
    private static async Task<List<JsonElement>> WholeLog(TestApp app)
    {
        var all = new List<JsonElement>();
        string? url = $"{Calls}?limit=7";
        while (url is not null)
        {
            var response = await app.Anonymous().GetAsync(url);
            all.AddRange((await response.Json(HttpStatusCode.OK)).EnumerateArray());
            url = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split('<', '>')[1] : null;
        }
        all.Reverse();
        return all;
    }

    /// <summary>What anyone counts in the public log: the trucks of calls fromCall to toCall but the truck's own entries (its queue number); in the call that took it, those before it.</summary>
    private static int PublicCount(List<JsonElement> log, JsonElement why)
    {
        if (why.GetProperty("fromCall").ValueKind == JsonValueKind.Null)
        {
            return 0;
        }
        var (from, to) = (why.GetProperty("fromCall").GetInt64(), why.GetProperty("toCall").GetInt64());
        var own = why.GetProperty("calledInCall").ValueKind == JsonValueKind.Null ? (long?)null : why.GetProperty("calledInCall").GetInt64();
        var queueNumber = why.GetProperty("queueNumber").GetInt64();
        return log.Where(c => c.GetProperty("number").GetInt64() is var n && n >= from && n <= to)
            .Sum(c => c.GetProperty("trucks").EnumerateArray()
                .TakeWhile(t => c.GetProperty("number").GetInt64() != own || t.GetProperty("queueNumber").GetInt64() != queueNumber)
                .Count(t => t.GetProperty("queueNumber").GetInt64() != queueNumber));
    }
}
