using System.Net;
using System.Text.Json;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Audit;

public sealed class AuditTests
{
    private static async Task<JsonElement> Verification(TestApp app) =>
        await (await app.As("pk.liaison")).GetJson("/api/v1/audit/verification");

    private static async Task<List<JsonElement>> Entries(TestApp app) =>
        (await (await app.As("af.liaison")).GetJson("/api/v1/audit?after=0&limit=5000")).EnumerateArray().ToList();

    private static async Task<Guid> RegisterAndCheckIn(TestApp app, string carrier = "carrier.demo")
    {
        var client = await app.As(carrier);
        var id = (await (await client.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await client.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task Every_state_changing_request_appends_an_entry_naming_who_did_what()
    {
        await using var app = await TestApp.StartAsync();
        var before = (await Entries(app)).Count;
        var notice = await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().State("restricted").Build())).Json(HttpStatusCode.Created);
        var truck = await RegisterAndCheckIn(app);
        await (await (await app.As("pk.liaison")).Post($"/api/v1/notices/{notice.GetProperty("id").GetGuid()}/acknowledgement", new { })).Json(HttpStatusCode.Created);

        var entries = (await Entries(app)).Skip(before).ToList();
        Assert.Equal(
            [("af.officer.torkham", "AF", "IssueNotice"), ("carrier.demo", null, "RegisterTruck"), ("carrier.demo", null, "CheckInTruck"), ("pk.liaison", "PK", "AcknowledgeNotice")],
            entries.Select(e => (e.GetProperty("actor").GetString()!, e.GetProperty("side").GetString(), e.GetProperty("action").GetString()!)).ToArray());
        Assert.Equal($"notice/{notice.GetProperty("id").GetGuid()}", entries[0].GetProperty("subject").GetString());
        Assert.Equal($"truck/{truck}", entries[1].GetProperty("subject").GetString());
        Assert.Equal($"trucks/{truck}/arrival", entries[2].GetProperty("subject").GetString());
        Assert.Contains("\"Status\":\"Waiting\"", entries[2].GetProperty("payload").GetString());
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].GetProperty("hash").GetString(), entries[i].GetProperty("previousHash").GetString());
        }

        var verification = await Verification(app);
        Assert.True(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(entries[^1].GetProperty("hash").GetString(), verification.GetProperty("headHash").GetString());
    }

    [Fact]
    public async Task A_refused_change_leaves_no_entry()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Plate("PES-7000").Build())).Json(HttpStatusCode.Created);
        var count = (await Entries(app)).Count;

        await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Plate("PES-7000").Build())).Problem(HttpStatusCode.Conflict);
        await (await (await app.As("pk.officer.torkham")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().State("nope").Build())).Problem(HttpStatusCode.UnprocessableEntity, "gateState");

        Assert.Equal(count, (await Entries(app)).Count);
    }

    [Fact]
    public async Task Concurrent_writers_extend_one_chain_without_forks()
    {
        await using var app = await TestApp.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            await RegisterAndCheckIn(app);
        }
        var carriers = new[] { await app.As("carrier.demo"), await app.As("carrier2.demo") };
        var officer = await app.As("pk.officer.torkham");

        var writes = Enumerable.Range(0, 20).Select(i => carriers[i % 2].Post("/api/v1/trucks", new TruckBuilder().At("chaman").Build()))
            .Concat(Enumerable.Range(0, 5).Select(_ => officer.Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 2 })));
        var responses = await Task.WhenAll(writes);
        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));

        var entries = await Entries(app);
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(entries.Count, entries.Select(e => e.GetProperty("previousHash").GetString()).Distinct().Count());
        Assert.True((await Verification(app)).GetProperty("valid").GetBoolean());
    }

    [Theory]
    [InlineData("change")]
    [InlineData("delete")]
    [InlineData("insert")]
    [InlineData("delete-last")]
    public async Task Tampering_with_the_log_directly_in_the_database_is_detected_at_the_first_bad_entry(string tampering)
    {
        await using var app = await TestApp.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await RegisterAndCheckIn(app);
        }
        var entries = await Entries(app);
        Assert.True(entries.Count >= 6);
        Assert.True((await Verification(app)).GetProperty("valid").GetBoolean());

        var victim = entries[3].GetProperty("seq").GetInt64();
        var last = entries[^1].GetProperty("seq").GetInt64();
        long expectedBad = tampering == "delete-last" ? last : victim;
        await app.Db(async db =>
        {
            switch (tampering)
            {
                case "change":
                    await db.Database.ExecuteSqlAsync($"""UPDATE "AuditEntries" SET "Actor" = 'pk.liaison' WHERE "Seq" = {victim}""");
                    break;
                case "delete":
                    await db.Database.ExecuteSqlAsync($"""DELETE FROM "AuditEntries" WHERE "Seq" = {victim}""");
                    break;
                case "insert":
                    // A forged entry slipped in after the victim, with a plausible sequence number and hashes.
                    var forged = "{}";
                    await db.Database.ExecuteSqlAsync($"""UPDATE "AuditEntries" SET "Seq" = "Seq" + 1000 WHERE "Seq" > {victim}""");
                    await db.Database.ExecuteSqlAsync($"""
                        INSERT INTO "AuditEntries" ("Seq", "At", "Actor", "Side", "Action", "Subject", "Payload", "PayloadHash", "PreviousHash", "Hash")
                        SELECT {victim + 1}, "At", 'af.liaison', 'AF', 'IssueNotice', 'notice/forged', {forged}, "PayloadHash", "Hash", "Hash" FROM "AuditEntries" WHERE "Seq" = {victim}
                        """);
                    await db.Database.ExecuteSqlAsync($"""UPDATE "AuditEntries" SET "Seq" = "Seq" - 999 WHERE "Seq" > {victim + 1000}""");
                    expectedBad = victim + 1;
                    break;
                case "delete-last":
                    await db.Database.ExecuteSqlAsync($"""DELETE FROM "AuditEntries" WHERE "Seq" = {last}""");
                    break;
            }
            return 0;
        });

        var verification = await Verification(app);
        Assert.False(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(expectedBad, verification.GetProperty("firstBadSeq").GetInt64());
        Assert.False(string.IsNullOrEmpty(verification.GetProperty("problem").GetString()));
    }

    [Fact]
    public async Task The_log_is_read_by_liaisons_of_both_sides_and_administrators_only()
    {
        await using var app = await TestApp.StartAsync();
        await app.Anonymous().GetJson("/api/v1/audit", HttpStatusCode.Unauthorized);
        await (await app.As("carrier.demo")).GetJson("/api/v1/audit", HttpStatusCode.Forbidden);
        await (await app.As("pk.officer.torkham")).GetJson("/api/v1/audit/verification", HttpStatusCode.Forbidden);
        foreach (var user in new[] { "pk.liaison", "af.liaison", "admin" })
        {
            Assert.True((await (await app.As(user)).GetJson("/api/v1/audit/verification")).GetProperty("valid").GetBoolean());
        }
    }

    [Fact]
    public async Task Background_changes_are_audited_as_the_system()
    {
        await using var app = await TestApp.StartAsync();
        await RegisterAndCheckIn(app);
        await (await (await app.As("pk.officer.torkham")).Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 1 })).Json(HttpStatusCode.OK);
        app.Time.Advance(TimeSpan.FromMinutes(25));
        await app.TickAsync();

        var last = (await Entries(app))[^1];
        Assert.Equal("system", last.GetProperty("actor").GetString());
        Assert.Equal("OperationsTick", last.GetProperty("action").GetString());
        Assert.Equal("crossings/torkham", last.GetProperty("subject").GetString());
        Assert.Contains("\"NoShows\":1", last.GetProperty("payload").GetString());
    }
}
