using System.Net;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Trucks;

public sealed class TruckRegistrationTests
{
    [Fact]
    public async Task A_vehicle_has_one_active_registration_whatever_the_spelling_of_its_plate()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Plate("PES-4411").Build())).Json(HttpStatusCode.Created);

        await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Plate("pes 4411").Build())).Problem(HttpStatusCode.Conflict);
        await (await (await app.As("carrier2.demo")).Post("/api/v1/trucks", new TruckBuilder().Plate("PES4411").At("chaman").Build())).Problem(HttpStatusCode.Conflict);
        Assert.Equal(1, await app.Db(db => Task.FromResult(db.Trucks.Count())));
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_vehicle_create_exactly_one_truck()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => carrier.Post("/api/v1/trucks", new TruckBuilder().Plate("KBL-9090").Build())));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await app.Db(db => Task.FromResult(db.Trucks.Count())));
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_same_truck_even_when_sent_concurrently()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        var body = new TruckBuilder().Build();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => carrier.Post("/api/v1/trucks", body, idempotencyKey: "reg-42")));

        var ids = new HashSet<Guid>();
        foreach (var response in responses)
        {
            ids.Add((await response.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        }
        Assert.Single(ids);
        Assert.Equal(1, await app.Db(db => Task.FromResult(db.Trucks.Count())));
    }

    [Fact]
    public async Task A_carrier_sees_only_its_own_trucks_and_officers_only_their_crossing()
    {
        await using var app = await TestApp.StartAsync();
        var mine = (await (await (await app.As("carrier.demo")).Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await (await app.As("carrier2.demo")).Post("/api/v1/trucks", new TruckBuilder().At("chaman").Build())).Json(HttpStatusCode.Created);

        var list = await (await app.As("carrier.demo")).GetJson("/api/v1/trucks");
        Assert.Equal([mine], list.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToArray());
        await (await app.As("carrier2.demo")).GetJson($"/api/v1/trucks/{mine}", HttpStatusCode.NotFound);

        Assert.Equal(1, (await (await app.As("af.officer.chaman")).GetJson("/api/v1/trucks")).GetArrayLength());
        await (await app.As("af.officer.chaman")).GetJson($"/api/v1/trucks/{mine}", HttpStatusCode.NotFound);
        Assert.Equal(2, (await (await app.As("pk.liaison")).GetJson("/api/v1/trucks")).GetArrayLength());
    }
}
