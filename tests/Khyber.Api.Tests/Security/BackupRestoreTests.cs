using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Khyber.Api.Tests.Support;
using Khyber.Storage.Audit;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Khyber.Api.Tests.Security;

/// <summary>
/// <c>khyber backup</c> and <c>khyber restore</c>, run as the operator runs them against the real server as a process:
/// a backup taken while carriers and a liaison write, restored into a new database, holds a chain that verifies to the
/// head the backup printed and every write acknowledged before the backup began. A backup of a tampered log, or of
/// something that is not a Khyber database, fails.
/// </summary>
public sealed partial class BackupRestoreTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Demo:Enabled"] = "true",
        ["Demo:HistoryDays"] = "0",
        ["Demo:Password"] = TestDatabase.Password,
        ["Auth:SigningKey"] = "backup-test-signing-key-that-is-long-enough-42",
        ["Auth:PasswordHashIterations"] = "1000",
        ["RateLimits:RegistrationsPerUserPerMinute"] = "100000",
        ["RateLimits:RegistrationsPerAddressPerMinute"] = "100000",
    };

    /// <summary>One write sent to the server: what it made, and when (on one stopwatch) it was sent and answered.</summary>
    private sealed record Write(string Kind, long SentAt)
    {
        public long? AcknowledgedAt { get; set; }

        public Guid? Id { get; set; }
    }

    [GeneratedRegex("head hash ([0-9a-f]{64})")]
    private static partial Regex HeadHash();

    [Fact]
    public async Task A_backup_taken_under_write_load_restores_with_its_chain_intact_and_every_write_acknowledged_before_it()
    {
        var connection = await TestDatabase.CreateEmptyAsync();
        var restored = await NewDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("khyber-backup-").FullName;
        var backup = Path.Combine(folder, TestDatabase.IsPostgres ? "khyber.dump" : "khyber.db");
        var writes = new ConcurrentBag<Write>();
        try
        {
            await using var server = new ServerProcess(connection, Settings);
            await server.StartAsync();
            var carriers = new[] { await SignIn(server, "carrier.demo"), await SignIn(server, "carrier.demo"), await SignIn(server, "carrier.demo") };
            var liaison = await SignIn(server, "af.liaison");
            var serverNow = await ServerTime(server);
            using var stop = new CancellationTokenSource();
            var plate = 0;
            var noticeNumber = 0;
            var workers = carriers.Select(carrier => Work(async () =>
            {
                var n = Interlocked.Increment(ref plate);
                await Send(writes, "truck", carrier, new Uri(server.Url, "/api/v1/trucks"), new TruckBuilder().At("chaman").Plate($"BKP{n:D5}").Build());
            }, stop.Token)).Append(Work(async () =>
            {
                var n = Interlocked.Increment(ref noticeNumber);
                var body = new NoticeBuilder().State(n % 2 == 0 ? "open" : "restricted").Build();
                body["effectiveFrom"] = serverNow.ToString("O");
                if (n % 2 == 0)
                {
                    body.Remove("emergencyJustification");
                    body["emergency"] = false;
                }
                await Send(writes, "notice", liaison, new Uri(server.Url, "/api/v1/crossings/kharlachi/notices"), body);
            }, stop.Token)).ToList();

            await Eventually.UntilAsync(() => Task.FromResult(writes.Count(w => w.AcknowledgedAt is not null)), n => n >= 30, TimeSpan.FromSeconds(60), "30 writes to be acknowledged", TimeSpan.FromMilliseconds(50));
            var backupBegan = Stopwatch.GetTimestamp();
            var (code, said) = await CommandLineProcess.RunAsync(["backup", .. CommandLineProcess.Database(connection), "--to", backup]);
            var backupEnded = Stopwatch.GetTimestamp();
            await Task.Delay(300);
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            Assert.True(code == 0, said);
            output.WriteLine(said);
            var printedHead = HeadHash().Match(said).Groups[1].Value;

            // The load went on through the backup: writes were answered while it ran.
            var acknowledged = writes.Where(w => w.AcknowledgedAt is not null).ToList();
            var before = acknowledged.Where(w => w.AcknowledgedAt < backupBegan).ToList();
            var during = acknowledged.Count(w => w.AcknowledgedAt >= backupBegan && w.AcknowledgedAt <= backupEnded);
            output.WriteLine($"{writes.Count} writes sent, {acknowledged.Count} acknowledged: {before.Count} before the backup began, {during} while it ran");
            Assert.NotEmpty(before);
            Assert.True(during > 0, "no write was acknowledged while the backup ran: it was not taken under load");

            (code, said) = await CommandLineProcess.RunAsync(["restore", "--from", backup, .. CommandLineProcess.Database(restored)]);
            Assert.True(code == 0, said);
            Assert.Contains($"head hash {printedHead}", said);

            await using var db = TestDatabase.Open(restored);
            var chain = await AuditLog.VerifyAsync(db, CancellationToken.None);
            Assert.True(chain.Valid, chain.Problem);
            Assert.Equal(printedHead, chain.HeadHash);

            var trucks = (await db.Trucks.AsNoTracking().Select(t => t.Id).ToListAsync()).ToHashSet();
            var notices = (await db.Notices.AsNoTracking().Select(n => n.Id).ToListAsync()).ToHashSet();
            Assert.All(before.Where(w => w.Kind == "truck"), w => Assert.Contains(w.Id!.Value, trucks));
            Assert.All(before.Where(w => w.Kind == "notice"), w => Assert.Contains(w.Id!.Value, notices));
            // A copy of one moment: nothing sent after the backup finished is in it.
            Assert.All(acknowledged.Where(w => w.SentAt > backupEnded), w => Assert.DoesNotContain(w.Id!.Value, w.Kind == "truck" ? trucks : notices));

            // The server starts on the restored copy and finds its own chain intact, running on from the backup's head.
            await using var again = new ServerProcess(restored, Settings);
            await again.StartAsync();
            var verification = await (await SignIn(again, "pk.liaison")).GetFromJsonAsync<JsonElement>(new Uri(again.Url, "/api/v1/audit/verification"));
            Assert.True(verification.GetProperty("valid").GetBoolean(), verification.ToString());
            (code, said) = await CommandLineProcess.RunAsync(["audit", "verify", .. CommandLineProcess.Database(restored), "--expect-head", printedHead]);
            Assert.True(code == 0, said);
        }
        finally
        {
            await TestDatabase.DropAsync(connection);
            await TestDatabase.DropAsync(restored);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_backup_of_a_tampered_log_is_kept_but_fails_and_is_not_restored()
    {
        var connection = await TestDatabase.CreateAsync();
        var restored = await NewDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("khyber-backup-").FullName;
        var backup = Path.Combine(folder, "tampered");
        try
        {
            await using (var db = TestDatabase.Open(connection))
            {
                await db.Database.ExecuteSqlAsync($"""UPDATE "AuditEntries" SET "Actor" = 'someone-else' WHERE "Seq" = 1""");
            }
            var (code, said) = await CommandLineProcess.RunAsync(["backup", .. CommandLineProcess.Database(connection), "--to", backup]);
            Assert.True(code == 1, said);
            Assert.Contains("does not verify", said);
            Assert.Contains("Entry 1", said);
            // The copy is evidence of the tampering: it is kept.
            Assert.True(File.Exists(backup));

            (code, said) = await CommandLineProcess.RunAsync(["restore", "--from", backup, .. CommandLineProcess.Database(restored)]);
            Assert.True(code == 1, said);
            Assert.Contains("does not verify", said);
            if (!TestDatabase.IsPostgres)
            {
                // SQLite checks the backup first and touches nothing.
                Assert.False(File.Exists(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(restored).DataSource));
            }
        }
        finally
        {
            await TestDatabase.DropAsync(connection);
            await TestDatabase.DropAsync(restored);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_source_or_backup_that_cannot_be_read_writes_nothing_and_fails()
    {
        var folder = Directory.CreateTempSubdirectory("khyber-backup-").FullName;
        var restored = await NewDatabaseAsync();
        try
        {
            var garbage = Path.Combine(folder, "garbage");
            await File.WriteAllTextAsync(garbage, "this is not a database, nor a dump");
            var target = Path.Combine(folder, "backup");
            string[] unreadable = TestDatabase.IsPostgres
                ? ["--postgres", new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("KHYBER_TEST_PG")) { Database = "khyber_no_such_database" }.ToString()]
                : [garbage];
            var (code, said) = await CommandLineProcess.RunAsync(["backup", .. unreadable, "--to", target]);
            Assert.True(code == 2, said);
            Assert.Contains("No backup written", said);
            Assert.Equal([garbage], Directory.GetFiles(folder));

            (code, said) = await CommandLineProcess.RunAsync(["restore", "--from", garbage, .. CommandLineProcess.Database(restored)]);
            Assert.True(code == 2, said);
            Assert.Contains("Not restored", said);

            // An existing backup is not overwritten by mistake.
            await File.WriteAllTextAsync(target, "an earlier backup");
            var source = await TestDatabase.CreateAsync();
            try
            {
                (code, said) = await CommandLineProcess.RunAsync(["backup", .. CommandLineProcess.Database(source), "--to", target]);
                Assert.True(code == 2, said);
                Assert.Equal("an earlier backup", await File.ReadAllTextAsync(target));

                (code, said) = await CommandLineProcess.RunAsync(["backup", .. CommandLineProcess.Database(source), "--to", Path.Combine(folder, "no-such-folder", "backup")]);
                Assert.True(code == 2, said);
                Assert.Contains("No such directory", said);
            }
            finally
            {
                await TestDatabase.DropAsync(source);
            }
        }
        finally
        {
            await TestDatabase.DropAsync(restored);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Where a restore goes: on PostgreSQL a new empty database, on SQLite a file that does not exist yet.</summary>
    private static Task<string> NewDatabaseAsync() => TestDatabase.CreateEmptyAsync();

    private static Task Work(Func<Task> step, CancellationToken stop) => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            await step();
        }
    });

    private static async Task Send(ConcurrentBag<Write> writes, string kind, HttpClient client, Uri url, System.Text.Json.Nodes.JsonNode body)
    {
        var write = new Write(kind, Stopwatch.GetTimestamp());
        writes.Add(write);
        using var response = await client.PostAsync(url, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        // Only a 2xx is an acknowledged write; a refusal (a notice that would change nothing) made nothing.
        if (response.IsSuccessStatusCode)
        {
            write.Id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            write.AcknowledgedAt = Stopwatch.GetTimestamp();
        }
    }

    private static async Task<DateTimeOffset> ServerTime(ServerProcess server)
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(server.Url, "/health"));
        return response.Headers.Date ?? throw new InvalidOperationException("The server sent no Date header.");
    }

    private static async Task<HttpClient> SignIn(ServerProcess server, string user)
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var response = await client.PostAsJsonAsync(new Uri(server.Url, "/api/v1/auth/token"), new { username = user, password = TestDatabase.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
