using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using Khyber.Api.Tests.Support;
using Khyber.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Khyber.Api.Tests.Audit;

/// <summary>
/// Appends built on the head this process kept from its last append (PostgreSQL, <see cref="ChainTips"/>): two instances
/// writing one database at once still make one chain with every queue number once, and the database itself refuses a
/// head that does not move by exactly one entry onto the hash it held.
/// </summary>
public sealed class ChainTipTests
{
    [Fact]
    public async Task Two_instances_registering_and_checking_in_at_once_keep_one_chain_and_distinct_queue_numbers()
    {
        await using var app = await TestApp.StartAsync();
        // Another instance: the same database under another connection string, so it keeps a head of its own.
        var other = TestDatabase.IsPostgres
            ? new NpgsqlConnectionStringBuilder(app.Factory.ConnectionString) { ApplicationName = "khyber-other-instance" }.ToString()
            : new SqliteConnectionStringBuilder(app.Factory.ConnectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        await using var second = new KhyberFactory(other);
        second.Time.SetUtcNow(app.Time.GetUtcNow());
        var token = (await (await second.CreateClient().Post("/api/v1/auth/token", new { username = "carrier2.demo", password = TestDatabase.Password })).Json(HttpStatusCode.OK)).GetProperty("accessToken").GetString();
        var there = second.CreateDefaultClient();
        there.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var here = await app.As("carrier.demo");
        var carriers = new[] { here, there };

        var registrations = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => carriers[i % 2].Post("/api/v1/trucks", new TruckBuilder().Build())));
        var trucks = new List<(HttpClient Carrier, Guid Id)>();
        for (var i = 0; i < registrations.Length; i++)
        {
            trucks.Add((carriers[i % 2], (await registrations[i].Json(HttpStatusCode.Created)).GetProperty("id").GetGuid()));
        }
        var checkIns = await Task.WhenAll(trucks.Select(t => t.Carrier.Post($"/api/v1/trucks/{t.Id}/arrival", null)));

        Assert.All(checkIns, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var numbers = await app.Db(db => Task.FromResult(db.Trucks.Where(t => t.QueueNumber != null).Select(t => t.QueueNumber).ToList()));
        Assert.Equal(Enumerable.Range(1, 40).Select(n => (long?)n), numbers.Order());
        var entries = (await (await app.As("af.liaison")).GetJson("/api/v1/audit?after=0&limit=5000")).EnumerateArray().ToList();
        Assert.Equal(entries.Count, entries.Select(e => e.GetProperty("previousHash").GetString()).Distinct().Count());
        Assert.True((await (await app.As("pk.liaison")).GetJson("/api/v1/audit/verification")).GetProperty("valid").GetBoolean());
        if (TestDatabase.IsPostgres)
        {
            // Each instance built appends on the head it kept, and met the other's appends: both ways were taken.
            var tip = ChainTips.Of(await app.Db(db => Task.FromResult(db.DatabaseKey)));
            Assert.True(tip.LinkedToKept > 0, "no append was linked to the head this instance kept");
            Assert.True(tip.ReadUnderLock > 0, "no append read the head under the lock");
        }
    }

    [Fact]
    public async Task The_database_lets_the_audit_head_move_only_by_one_entry_onto_the_hash_it_held()
    {
        await using var app = await TestApp.StartAsync();
        await (await (await app.As("carrier.demo")).Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        var before = await app.Db(db => db.AuditHeads.AsNoTracking().SingleAsync());

        await app.Db(async db =>
        {
            // Two entries on, as if one had been skipped; one entry on, built on another hash.
            await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync(
                "UPDATE \"AuditChainHeads\" SET \"Seq\" = {0}, \"Hash\" = {1}, \"PreviousHash\" = {2}", before.Seq + 2, new string('a', 64), before.Hash));
            await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync(
                "UPDATE \"AuditChainHeads\" SET \"Seq\" = {0}, \"Hash\" = {1}, \"PreviousHash\" = {2}", before.Seq + 1, new string('a', 64), new string('b', 64)));
            return 0;
        });

        var after = await app.Db(db => db.AuditHeads.AsNoTracking().SingleAsync());
        Assert.Equal((before.Seq, before.Hash), (after.Seq, after.Hash));
        Assert.True((await (await app.As("pk.liaison")).GetJson("/api/v1/audit/verification")).GetProperty("valid").GetBoolean());
    }
}
