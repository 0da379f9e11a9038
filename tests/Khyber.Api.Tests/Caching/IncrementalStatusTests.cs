using System.Net;
using System.Text.Json;
using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Tests.Support;
using Khyber.Domain;
using Khyber.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Khyber.Api.Tests.Caching;

/// <summary>
/// After a change, a crossing's kept status is brought up to date by reading again only the trucks the change wrote
/// (with the crossing's settings and notices), not its whole queue — and is then exactly what a fresh read of everything
/// computes: the same public answer, the same position and estimate for every waiting truck.
/// </summary>
public sealed class IncrementalStatusTests
{
    private const string Crossing = "torkham";

    [Fact]
    public async Task Each_change_rereads_only_the_trucks_it_wrote_and_the_status_stays_what_reading_everything_computes()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string> { ["Status:FullLoadSeconds"] = "3600" });
        var counters = app.Factory.Services.GetRequiredService<WorkCounters>();
        var carrier = await app.As("carrier.demo");
        var officer = await app.As("pk.officer.torkham");
        var trucks = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            trucks.Add(await CheckedInAsync(app, i % 3 == 1 ? new TruckBuilder().Perishable(app.Time.GetUtcNow().AddHours(10 + i)) : new TruckBuilder()));
        }
        // The first read after these loads the crossing's whole queue, or brings it up to date: either way, from here on
        // the kept status is the base every further change updates.
        await AssertAsFreshAsync(app, "after six check-ins");

        // One check-in: one truck read, and neither the crossing's settings nor its notices (its direction's queue counter
        // moved, which no status shows).
        var read = counters.StatusTrucksRead;
        var settings = counters.StatusSettingsRead;
        trucks.Add(await CheckedInAsync(app, new TruckBuilder().Category("humanitarian")));
        await AssertAsFreshAsync(app, "a humanitarian truck checked in");
        Assert.Equal(1, counters.StatusTrucksRead - read);
        Assert.Equal(0, counters.StatusSettingsRead - settings);

        // A call of three: those three read, and they leave the waiting positions.
        read = counters.StatusTrucksRead;
        var called = (await (await officer.Post($"/api/v1/crossings/{Crossing}/queue/PK-AF/call", new { count = 3 })).Json(HttpStatusCode.OK))
            .EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();
        await AssertAsFreshAsync(app, "three called");
        Assert.Equal(3, counters.StatusTrucksRead - read);

        // A called truck leaves, a waiting one is cancelled: each reads one truck and nothing else, and both leave the queue.
        read = counters.StatusTrucksRead;
        settings = counters.StatusSettingsRead;
        await (await officer.Post($"/api/v1/trucks/{called[0]}/exit", null)).Json(HttpStatusCode.OK);
        await AssertAsFreshAsync(app, "a called truck left");
        var waiting = trucks.Except(called).First();
        await (await carrier.Post($"/api/v1/trucks/{waiting}/cancellation", null)).Json(HttpStatusCode.OK);
        await AssertAsFreshAsync(app, "a waiting truck cancelled");
        Assert.Equal(2, counters.StatusTrucksRead - read);
        Assert.Equal(0, counters.StatusSettingsRead - settings);

        // A closure writes no truck: none read, the crossing's notices read again, and the positions lose their estimates.
        read = counters.StatusTrucksRead;
        settings = counters.StatusSettingsRead;
        await (await (await app.As("af.officer.torkham")).Post($"/api/v1/crossings/{Crossing}/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);
        await AssertAsFreshAsync(app, "a closure issued");
        Assert.Equal(0, counters.StatusTrucksRead - read);
        Assert.Equal(1, counters.StatusSettingsRead - settings);

        // More lanes open on one direction: its settings read again, and its estimates shorten.
        settings = counters.StatusSettingsRead;
        var lanes = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/crossings/{Crossing}/directions/PK-AF") { Content = System.Net.Http.Json.JsonContent.Create(new { lanesOpen = 6 }) };
        await (await (await app.As("admin")).SendAsync(lanes)).Json(HttpStatusCode.OK);
        await AssertAsFreshAsync(app, "two more lanes opened");
        Assert.Equal(1, counters.StatusSettingsRead - settings);

        // The clock alone moves estimates and sends called trucks that did not come to the back: the operations clock
        // writes them, and the kept status follows.
        app.Time.Advance(TimeSpan.FromMinutes(45));
        await app.TickAsync();
        await AssertAsFreshAsync(app, "45 minutes later, after the operations clock");
    }

    [Fact]
    public async Task The_whole_queue_is_read_again_once_the_full_read_is_older_than_configured()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string> { ["Status:FullLoadSeconds"] = "60" });
        var counters = app.Factory.Services.GetRequiredService<WorkCounters>();
        for (var i = 0; i < 3; i++)
        {
            await CheckedInAsync(app, new TruckBuilder());
        }
        await AssertAsFreshAsync(app, "after three check-ins");
        var queued = await app.Db(db => Task.FromResult(db.Trucks.Count(t => t.CrossingId == Crossing && (t.Status == Domain.Trucks.TruckStatus.Waiting || t.Status == Domain.Trucks.TruckStatus.Called))));
        Assert.True(queued >= 3);

        app.Time.Advance(TimeSpan.FromSeconds(30));
        var read = counters.StatusTrucksRead;
        await AssertAsFreshAsync(app, "30 s later");
        Assert.Equal(0, counters.StatusTrucksRead - read);

        app.Time.Advance(TimeSpan.FromSeconds(31));
        read = counters.StatusTrucksRead;
        await AssertAsFreshAsync(app, "61 s after the full read");
        Assert.Equal(queued, counters.StatusTrucksRead - read);
    }

    [Fact]
    public async Task A_change_the_journal_cannot_account_for_makes_the_next_status_read_the_whole_queue()
    {
        await using var app = await TestApp.StartAsync();
        var counters = app.Factory.Services.GetRequiredService<WorkCounters>();
        await CheckedInAsync(app, new TruckBuilder());
        await AssertAsFreshAsync(app, "after a check-in");
        var queued = await app.Db(db => Task.FromResult(db.Trucks.Count(t => t.CrossingId == Crossing && (t.Status == Domain.Trucks.TruckStatus.Waiting || t.Status == Domain.Trucks.TruckStatus.Called))));

        // What another instance's change looks like to this one: the audit chain's head moved past sequence numbers this
        // process did not commit.
        var database = await app.Db(db => Task.FromResult(db.DatabaseKey));
        var head = await app.Db(db => Task.FromResult(db.AuditHeads.Single().Seq));
        var read = counters.StatusTrucksRead;
        Assert.True(StoreChanges.Foreign(database, head, head + 1));
        await AssertAsFreshAsync(app, "after a foreign change");
        Assert.Equal(queued, counters.StatusTrucksRead - read);
    }

    [Fact]
    public async Task A_change_another_instance_made_before_this_one_updates_its_status_is_in_the_update_even_unwatched()
    {
        // No watch: the only way this instance can learn of the other's check-in is the look at the audit head that every
        // computation makes before it brings the kept status up to date from this process's own journal.
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string> { ["Status:PollMilliseconds"] = "0" });
        await CheckedInAsync(app, new TruckBuilder());
        await AssertAsFreshAsync(app, "after a check-in here");
        var other = TestDatabase.IsPostgres
            ? new NpgsqlConnectionStringBuilder(app.Factory.ConnectionString) { ApplicationName = "khyber-other-instance" }.ToString()
            : new SqliteConnectionStringBuilder(app.Factory.ConnectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        await using (var second = new KhyberFactory(other, settings: new Dictionary<string, string> { ["Status:PollMilliseconds"] = "0" }))
        {
            second.Time.SetUtcNow(app.Time.GetUtcNow());
            var carrier = second.CreateDefaultClient();
            var token = (await (await second.CreateClient().Post("/api/v1/auth/token", new { username = "carrier.demo", password = TestDatabase.Password })).Json(HttpStatusCode.OK)).GetProperty("accessToken").GetString();
            carrier.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        }

        // This instance's own change comes after: its status, brought up to date, holds both trucks.
        await CheckedInAsync(app, new TruckBuilder());
        await AssertAsFreshAsync(app, "after the other instance's check-in and one more here");
        Assert.Equal(3, (await app.Anonymous().GetJson($"/api/v1/crossings/{Crossing}")).GetProperty("directions")[0].GetProperty("waiting").GetInt32());
    }

    private static async Task<Guid> CheckedInAsync(TestApp app, TruckBuilder truck)
    {
        var carrier = await app.As("carrier.demo");
        var id = (await (await carrier.Post("/api/v1/trucks", truck.Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        return id;
    }

    /// <summary>
    /// The public answer (as sent) and every waiting truck's position and estimated call of the board's status are those
    /// of a snapshot that reads everything afresh at the same instant.
    /// </summary>
    private static async Task AssertAsFreshAsync(TestApp app, string step)
    {
        var sent = await (await app.Anonymous().GetAsync($"/api/v1/crossings/{Crossing}")).Content.ReadAsStringAsync();
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KhyberDb>();
        var kept = await scope.ServiceProvider.GetRequiredService<StatusBoard>().GetAsync(db, Crossing, CancellationToken.None);
        var fresh = await CrossingSnapshot.LoadAsync(db, Crossing, kept!.Snapshot.Now, CancellationToken.None);
        Assert.Equal(JsonSerializer.Serialize(CrossingViews.View(fresh!), Json.Options), sent);
        foreach (var direction in Directions.All)
        {
            Assert.True(
                Slots(fresh!, direction).SequenceEqual(Slots(kept.Snapshot, direction)),
                $"{step}: the kept positions of {direction} differ from a fresh read's");
        }
        Assert.Equal(
            fresh!.Queued.Select(t => (t.Id, t.Status)).OrderBy(t => t.Id).ToList(),
            kept.Snapshot.Queued.Select(t => (t.Id, t.Status)).OrderBy(t => t.Id).ToList());
    }

    private static IEnumerable<(Guid, int, DateTimeOffset?)> Slots(CrossingSnapshot snapshot, Direction direction) =>
        snapshot.Positions(direction).Select(s => (s.Truck.Id, s.Position, s.EstimatedCallAt));
}
