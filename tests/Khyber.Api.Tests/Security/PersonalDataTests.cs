using System.Net;
using System.Text.Json;
using Khyber.Api.Tests.Support;
using Khyber.Domain.Trucks;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Security;

/// <summary>
/// Drivers' names, document numbers and phones: seen only by the truck's carrier and its crossing's officers, kept in
/// the audit log only as salted keyed hashes, and erased — with the salt — once the registration ended longer ago than
/// the retention, without breaking the chain.
/// </summary>
public sealed class PersonalDataTests
{
    private static readonly Dictionary<string, string> ThirtyDays = new() { ["Privacy:PersonalDataRetentionDays"] = "30" };

    [Fact]
    public async Task The_driver_is_seen_by_the_carrier_and_the_crossings_officers_only_liaisons_and_administrators_see_the_truck_without_him()
    {
        await using var app = await TestApp.StartAsync();
        var id = await Register(app, new TruckBuilder().Driver("Shams ul Haq", "PK7000001").Phone("+923001234501"));

        foreach (var (user, sees) in new[]
        {
            ("carrier.demo", true), ("pk.officer.torkham", true), ("af.officer.torkham", true),
            ("pk.liaison", false), ("af.liaison", false), ("admin", false), ("pk.admin", false), ("af.admin", false),
        })
        {
            var driver = (await (await app.As(user)).GetJson($"/api/v1/trucks/{id}")).GetProperty("driver");
            Assert.Equal(sees ? "Shams ul Haq" : null, driver.GetProperty("name").GetString());
            Assert.Equal(sees ? "PK7000001" : null, driver.GetProperty("documentNumber").GetString());
            Assert.Equal(sees ? "+923001234501" : null, driver.GetProperty("phone").GetString());
        }

        // The trucks export names drivers only for the crossing's officers.
        var day = KhyberFactory.Start.ToString("yyyy-MM-dd");
        foreach (var (user, sees) in new[] { ("pk.officer.torkham", true), ("af.officer.torkham", true), ("pk.liaison", false), ("admin", false) })
        {
            var csv = await (await app.As(user)).GetStringAsync($"/api/v1/crossings/torkham/exports/trucks.csv?from={day}&to={day}");
            Assert.Equal(sees, csv.Contains("Shams ul Haq", StringComparison.Ordinal));
            Assert.Equal(sees, csv.Contains("PK7000001", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_registration_that_ended_longer_ago_than_the_retention_loses_its_driver_and_salt_while_the_chain_still_verifies()
    {
        await using var app = await TestApp.StartAsync(settings: ThirtyDays);
        var carrier = await app.As("carrier.demo");
        var registered = new TruckBuilder().Driver("Shams ul Haq", "PK7000001").Phone("+923001234501");
        var crossed = await Register(app, registered, idempotencyKey: "reg-crossed");
        await (await carrier.Post($"/api/v1/trucks/{crossed}/arrival", null)).Json(HttpStatusCode.OK);
        await (await (await app.As("pk.officer.torkham")).Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 1 }, "call-1")).Json(HttpStatusCode.OK);
        await (await (await app.As("pk.officer.torkham")).Post($"/api/v1/trucks/{crossed}/exit", null)).Json(HttpStatusCode.OK);
        await (await (await app.As("af.officer.torkham")).Post($"/api/v1/trucks/{crossed}/entry", null)).Json(HttpStatusCode.OK);
        var enteredAt = app.Time.GetUtcNow();
        var waiting = await Register(app, new TruckBuilder().Driver("Noor Agha", "PK7000002").Phone("+923001234502"));
        await (await carrier.Post($"/api/v1/trucks/{waiting}/arrival", null)).Json(HttpStatusCode.OK);
        var key = new Storage.Audit.PersonalDataKey(System.Text.Encoding.UTF8.GetBytes(KhyberFactory.PersonalDataKey));
        var salt = await app.Db(db => db.Trucks.Where(t => t.Id == crossed).Select(t => t.PersonalDataSalt).SingleAsync());
        var registration = await RegistrationPayload(app, crossed);
        // While the registration is kept, whoever holds the key and the salt can check a candidate name against the log.
        Assert.Equal(key.Hash(salt, "Shams ul Haq"), registration.GetProperty("DriverName").GetString());

        // A day short of the retention nothing is erased.
        app.Time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        Assert.Equal(new Api.Privacy.ErasedPersonalData(0, 0, 0), await app.EraseAsync());

        app.Time.Advance(TimeSpan.FromMinutes(2));
        var erased = await app.EraseAsync();
        Assert.Equal(1, erased.Trucks);
        Assert.True(erased.Messages >= 2, $"the registered and called texts: {erased}");
        Assert.Equal(2, erased.Answers);

        var driver = (await carrier.GetJson($"/api/v1/trucks/{crossed}")).GetProperty("driver");
        Assert.Equal(JsonValueKind.Null, driver.GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.Null, driver.GetProperty("documentNumber").ValueKind);
        Assert.Equal(JsonValueKind.Null, driver.GetProperty("phone").ValueKind);
        Assert.Equal(app.Time.GetUtcNow(), driver.GetProperty("erasedAt").GetDateTimeOffset());
        // The truck itself, its cargo and its history stay.
        var truck = await carrier.GetJson($"/api/v1/trucks/{crossed}");
        Assert.Equal("entered", truck.GetProperty("status").GetString());
        Assert.Equal(enteredAt, truck.GetProperty("enteredAt").GetDateTimeOffset());
        // A registration still in the queue keeps its driver.
        Assert.Equal("Noor Agha", (await carrier.GetJson($"/api/v1/trucks/{waiting}")).GetProperty("driver").GetProperty("name").GetString());

        // Nothing stored anywhere holds the erased values any more, and the log's hashes match no guess: the salt is gone.
        var stored = await app.Db(async db => new
        {
            Truck = await db.Trucks.AsNoTracking().SingleAsync(t => t.Id == crossed),
            Phones = await db.SmsMessages.AsNoTracking().Where(m => m.TruckId == crossed).Select(m => m.Phone).ToListAsync(),
            Answers = await db.IdempotencyRecords.AsNoTracking().Select(r => r.ResponseBody).ToListAsync(),
            Payloads = await db.AuditEntries.AsNoTracking().Select(e => e.Payload).ToListAsync(),
            Events = await db.OutboxMessages.AsNoTracking().Select(m => m.Payload).ToListAsync(),
        });
        Assert.Equal(("", "", null, null), (stored.Truck.DriverName, stored.Truck.DriverDocumentNumber, stored.Truck.DriverPhone, stored.Truck.PersonalDataSalt));
        Assert.All(stored.Phones, p => Assert.Equal("", p));
        foreach (var value in new[] { "Shams ul Haq", "PK7000001", "+923001234501" })
        {
            Assert.All(stored.Answers.Concat(stored.Payloads).Concat(stored.Events), text => Assert.DoesNotContain(value, text ?? "", StringComparison.Ordinal));
        }
        Assert.NotEqual(key.Hash(null, "Shams ul Haq"), registration.GetProperty("DriverName").GetString());
        // The erasure is an entry of its own, by the system; every earlier entry is as it was, and the chain verifies.
        Assert.Equal(registration.GetRawText(), (await RegistrationPayload(app, crossed)).GetRawText());
        var audit = (await (await app.As("pk.liaison")).GetJson("/api/v1/audit?after=0&limit=500")).EnumerateArray().ToList();
        var erasure = Assert.Single(audit, e => e.GetProperty("action").GetString() == "ErasePersonalData");
        Assert.Equal("system", erasure.GetProperty("actor").GetString());
        Assert.True((await (await app.As("af.liaison")).GetJson("/api/v1/audit/verification")).GetProperty("valid").GetBoolean());

        // A replay of the registration under its key answers as before, with the driver erased.
        using var replay = await carrier.Post("/api/v1/trucks", registered.Build(), "reg-crossed");
        var replayed = await replay.Json(HttpStatusCode.Created);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(crossed, replayed.GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, replayed.GetProperty("driver").GetProperty("name").ValueKind);

        // A second run finds nothing more to do.
        Assert.Equal(new Api.Privacy.ErasedPersonalData(0, 0, 0), await app.EraseAsync());
    }

    [Fact]
    public async Task A_rejected_or_spoiled_registration_loses_its_driver_the_retention_after_it_ended()
    {
        await using var app = await TestApp.StartAsync(settings: ThirtyDays);
        var rejected = await Register(app, new TruckBuilder().Driver("Shams ul Haq", "PK7000001"));
        var spoiled = await Register(app, new TruckBuilder().Driver("Noor Agha", "PK7000002").Perishable(app.Time.GetUtcNow().AddDays(2)));
        await (await (await app.As("carrier.demo")).Post($"/api/v1/trucks/{spoiled}/arrival", null)).Json(HttpStatusCode.OK);
        app.Time.Advance(TimeSpan.FromDays(1));
        await (await (await app.As("af.officer.torkham")).Post($"/api/v1/trucks/{rejected}/rejection", new { reason = "Cargo does not match the manifest." })).Json(HttpStatusCode.OK);
        app.Time.Advance(TimeSpan.FromDays(1));
        await app.TickAsync();

        // Each way of ending stores when it ended.
        var ended = await app.Db(db => db.Trucks.AsNoTracking().Where(t => t.Id == rejected || t.Id == spoiled).ToDictionaryAsync(t => t.Id));
        Assert.Equal((TruckStatus.Rejected, app.Time.GetUtcNow().AddDays(-1)), (ended[rejected].Status, ended[rejected].EndedAt));
        Assert.Equal((TruckStatus.Spoiled, app.Time.GetUtcNow()), (ended[spoiled].Status, ended[spoiled].EndedAt));

        // The retention counts from the end, not the registration: the rejected driver goes a day before the spoiled one.
        app.Time.Advance(TimeSpan.FromDays(29) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await app.EraseAsync()).Trucks);
        Assert.Equal(("", "Noor Agha"), await app.Db(async db => (
            await db.Trucks.Where(t => t.Id == rejected).Select(t => t.DriverName).SingleAsync(),
            await db.Trucks.Where(t => t.Id == spoiled).Select(t => t.DriverName).SingleAsync())));
        app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await app.EraseAsync()).Trucks);
        Assert.Equal("", await app.Db(db => db.Trucks.Where(t => t.Id == spoiled).Select(t => t.DriverName).SingleAsync()));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("3", 1)]
    public async Task Retention_zero_keeps_drivers_and_a_retention_under_a_week_counts_as_a_week(string days, int erasedAfterEightDays)
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string> { ["Privacy:PersonalDataRetentionDays"] = days });
        var id = await Register(app, new TruckBuilder().Driver("Shams ul Haq", "PK7000001"));
        await (await (await app.As("carrier.demo")).Post($"/api/v1/trucks/{id}/cancellation", null)).Json(HttpStatusCode.OK);

        app.Time.Advance(TimeSpan.FromDays(6));
        Assert.Equal(0, (await app.EraseAsync()).Trucks);
        app.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(erasedAfterEightDays, (await app.EraseAsync()).Trucks);
    }

    private static async Task<Guid> Register(TestApp app, TruckBuilder truck, string? idempotencyKey = null) =>
        (await (await (await app.As("carrier.demo")).Post("/api/v1/trucks", truck.Build(), idempotencyKey)).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static async Task<JsonElement> RegistrationPayload(TestApp app, Guid truck)
    {
        var payload = await app.Db(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == "RegisterTruck" && e.Subject == $"truck/{truck}").Select(e => e.Payload).SingleAsync());
        using var json = JsonDocument.Parse(payload);
        return json.RootElement.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("entity").GetString() == "Truck").GetProperty("values").Clone();
    }
}
