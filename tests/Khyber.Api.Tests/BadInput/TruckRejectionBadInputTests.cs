using System.Net;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using static Khyber.Api.Tests.BadInput.BadFields;

namespace Khyber.Api.Tests.BadInput;

/// <summary>A rejection without a proper reason leaves the truck as it was.</summary>
public sealed class TruckRejectionBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static readonly BadFields Cases = new()
    {
        { "reason missing", b => b.Remove("reason"), Invalid, "reason" },
        { "reason null", b => b["reason"] = null, Invalid, "reason" },
        { "reason empty", b => b["reason"] = "", Invalid, "reason" },
        { "reason blank", b => b["reason"] = " \t ", Invalid, "reason" },
        { "reason too long", b => b["reason"] = Long(1001), Invalid, "reason" },
        { "reason a number", b => b["reason"] = 7, Malformed, "reason" },
        { "reason an array", b => b["reason"] = new JsonArray("seal", "broken"), Malformed, "reason" },
        { "unknown field", b => b["severity"] = "high", Malformed, "severity" },
    };

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_rejection_with_a_bad_reason_is_refused_naming_it_and_the_truck_stays_registered(string @case)
    {
        var app = fixture.App;
        var truck = await fixture.Subject(RegisteredTruck);
        var (change, status, field) = Cases[@case];
        var body = new JsonObject { ["reason"] = "Seal broken." };
        change(body);
        var officer = await app.As("pk.officer.torkham");
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await officer.Post($"/api/v1/trucks/{truck}/rejection", body)).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
        Assert.Equal(Domain.Trucks.TruckStatus.Registered, await app.Db(db => Task.FromResult(db.Trucks.Single(t => t.Id == truck).Status)));
    }

    private static async Task<Guid> RegisteredTruck(TestApp app)
    {
        var carrier = await app.As("carrier.demo");
        var truck = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        return truck.GetProperty("id").GetGuid();
    }
}
