using System.Net;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Security;

/// <summary>
/// No carrier company can book a crossing's queue full: it holds at most <c>Queue:MaxWaitingPerCarrier</c> trucks
/// registered, waiting or called at one crossing, and the next registration is refused with the count and the limit.
/// </summary>
public sealed class CarrierCapTests
{
    private static readonly Dictionary<string, string> CapOfThree = new() { ["Queue:MaxWaitingPerCarrier"] = "3" };

    private static async Task<Guid> Register(HttpClient carrier, TruckBuilder truck) =>
        (await (await carrier.Post("/api/v1/trucks", truck.Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static async Task AssertCapReached(HttpResponseMessage response, int holding)
    {
        var problem = await response.Problem(HttpStatusCode.Conflict, "crossingId");
        Assert.Equal("carrierCapReached", problem.GetProperty("code").GetString());
        Assert.Equal(3, problem.GetProperty("limit").GetInt32());
        Assert.Equal(holding, problem.GetProperty("holding").GetInt32());
        Assert.Contains($"already has {holding} trucks", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("the limit is 3", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_carrier_holds_at_most_the_cap_at_one_crossing_in_both_directions_together_and_others_are_not_held_back()
    {
        await using var app = await TestApp.StartAsync(settings: CapOfThree);
        var carrier = await app.As("carrier.demo");
        await Register(carrier, new TruckBuilder().At("torkham", "PK-AF"));
        var waiting = await Register(carrier, new TruckBuilder().At("torkham", "PK-AF"));
        await (await carrier.Post($"/api/v1/trucks/{waiting}/arrival", new { })).Json(HttpStatusCode.OK);
        await Register(carrier, new TruckBuilder().At("torkham", "AF-PK"));

        await AssertCapReached(await carrier.Post("/api/v1/trucks", new TruckBuilder().At("torkham", "AF-PK").Build()), 3);

        // Another crossing, another company: each has its own places.
        await Register(carrier, new TruckBuilder().At("chaman"));
        await Register(await app.As("carrier2.demo"), new TruckBuilder().At("torkham"));
        Assert.Equal(5, await app.Db(db => db.Trucks.CountAsync()));
    }

    [Fact]
    public async Task A_cancelled_truck_gives_its_place_back()
    {
        await using var app = await TestApp.StartAsync(settings: CapOfThree);
        var carrier = await app.As("carrier.demo");
        var first = await Register(carrier, new TruckBuilder());
        await Register(carrier, new TruckBuilder());
        await Register(carrier, new TruckBuilder());
        await AssertCapReached(await carrier.Post("/api/v1/trucks", new TruckBuilder().Build()), 3);

        await (await carrier.Post($"/api/v1/trucks/{first}/cancellation", new { })).Json(HttpStatusCode.OK);

        await Register(carrier, new TruckBuilder());
    }

    [Fact]
    public async Task Registrations_racing_for_the_last_place_let_exactly_one_through()
    {
        await using var app = await TestApp.StartAsync(settings: CapOfThree);
        var carrier = await app.As("carrier.demo");
        await Register(carrier, new TruckBuilder());
        await Register(carrier, new TruckBuilder());

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => carrier.Post("/api/v1/trucks", new TruckBuilder().Build())));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await AssertCapReached(refused, 3);
        }
        Assert.Equal(3, await app.Db(db => db.Trucks.CountAsync()));
    }
}
