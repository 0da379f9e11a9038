using System.Net;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Trucks;

public sealed class TruckRegistrationTests
{
    [Fact]
    public async Task A_registration_at_a_crossing_not_yet_created_is_refused_and_goes_through_once_it_is()
    {
        // A registration whose driver gets no text learns only that the crossing exists (known from then on, since crossings
        // are never removed); one with a phone reads the crossing for its text. Neither remembers that a crossing was missing.
        await using var app = await TestApp.StartAsync();
        var admin = await app.As("admin");
        var carrier = await app.As("carrier.demo");

        await (await carrier.Post("/api/v1/trucks", new TruckBuilder().At("gursal").Plate("GUR-1").Build())).Problem(HttpStatusCode.UnprocessableEntity, "crossingId");
        await (await carrier.Post("/api/v1/trucks", new TruckBuilder().At("gursal").Plate("GUR-2").Phone("+93701234567", "ps").Build())).Problem(HttpStatusCode.UnprocessableEntity, "crossingId");
        Assert.Equal(0, await app.Db(db => db.Trucks.CountAsync(t => t.CrossingId == "gursal")));

        await (await admin.Post("/api/v1/admin/crossings", Crossings.CrossingAdministrationTests.NewCrossing())).Json(HttpStatusCode.Created);

        await (await carrier.Post("/api/v1/trucks", new TruckBuilder().At("gursal").Plate("GUR-1").Build())).Json(HttpStatusCode.Created);
        var texted = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().At("gursal").Plate("GUR-2").Phone("+93701234567", "ps").Build())).Json(HttpStatusCode.Created);
        var text = Assert.Single(await app.Db(db => db.SmsMessages.AsNoTracking().Where(m => m.TruckId == texted.GetProperty("id").GetGuid()).ToListAsync()));
        Assert.Equal(Khyber.Domain.Sms.DriverMessageKind.Registered, text.Kind);
        Assert.Equal(2, await app.Db(db => db.Trucks.CountAsync(t => t.CrossingId == "gursal")));
        // Known to exist now, the crossing is still checked by name: another one stays unknown.
        await (await carrier.Post("/api/v1/trucks", new TruckBuilder().At("Gursal").Plate("GUR-3").Build())).Problem(HttpStatusCode.UnprocessableEntity, "crossingId");
    }

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
