using System.Net;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using static Khyber.Api.Tests.BadInput.BadFields;

namespace Khyber.Api.Tests.BadInput;

/// <summary>A call for a bad number of trucks calls none.</summary>
public sealed class QueueCallBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static readonly BadFields Cases = new()
    {
        { "count zero", b => b["count"] = 0, Invalid, "count" },
        { "count negative", b => b["count"] = -3, Invalid, "count" },
        { "count above 50", b => b["count"] = 51, Invalid, "count" },
        { "count beyond int", b => b["count"] = 4_294_967_296L, Malformed, "count" },
        { "count a fraction", b => b["count"] = 1.5, Malformed, "count" },
        { "count a string", b => b["count"] = "2", Malformed, "count" },
        { "count a boolean", b => b["count"] = true, Malformed, "count" },
        { "count an array", b => b["count"] = new JsonArray(1), Malformed, "count" },
        { "unknown field", b => b["lane"] = 2, Malformed, "lane" },
    };

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_call_with_a_bad_count_is_refused_naming_it_and_the_waiting_truck_stays_waiting(string @case)
    {
        var app = fixture.App;
        var truck = await fixture.Subject(WaitingTruck);
        var (change, status, field) = Cases[@case];
        var body = new JsonObject { ["count"] = 1 };
        change(body);
        var officer = await app.As("pk.officer.torkham");
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await officer.Post("/api/v1/crossings/torkham/queue/PK-AF/call", body, idempotencyKey: $"bad-{Guid.NewGuid():N}")).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
        Assert.Equal(Domain.Trucks.TruckStatus.Waiting, await app.Db(db => Task.FromResult(db.Trucks.Single(t => t.Id == truck).Status)));
    }

    [Theory]
    [InlineData("blank")]
    [InlineData("longer than 200 characters")]
    public async Task A_call_with_a_bad_idempotency_key_is_refused_naming_the_header_and_calls_nobody(string @case)
    {
        var app = fixture.App;
        var truck = await fixture.Subject(WaitingTruck);
        var officer = await app.As("pk.officer.torkham");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/crossings/torkham/queue/PK-AF/call")
        {
            Content = new StringContent("{\"count\":1}", System.Text.Encoding.UTF8, "application/json"),
        };
        Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", @case == "blank" ? " " : new string('k', 201)));
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await officer.SendAsync(request)).Problem(Malformed, "Idempotency-Key"));

        Assert.Equal(before, await Stored.Of(app));
        Assert.Equal(Domain.Trucks.TruckStatus.Waiting, await app.Db(db => Task.FromResult(db.Trucks.Single(t => t.Id == truck).Status)));
    }

    private static async Task<Guid> WaitingTruck(TestApp app)
    {
        var carrier = await app.As("carrier.demo");
        var truck = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        var id = truck.GetProperty("id").GetGuid();
        await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        return id;
    }
}
