using System.ComponentModel;
using System.Text.Json;
using Khyber.Storage;
using Khyber.Storage.Audit;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Khyber.Cli.Audit;

/// <summary>
/// <c>khyber audit verify</c>: recomputes every hash of the audit chain, from a database or from an exported
/// file, and names the first entry that does not verify. Exit code 0: intact; 1: broken; 2: cannot read.
/// </summary>
public sealed class AuditVerifyCommand : AsyncCommand<AuditVerifyCommand.Settings>, IVerb
{
    public sealed class Settings : AuditSource
    {
        [CommandOption("--expect-head <HASH>")]
        [Description("The head hash you recorded earlier (from /api/v1/audit/verification): the chain must still end there or run on from it.")]
        public string? ExpectHead { get; init; }
    }

    public static void Register(IConfigurator config) =>
        config.AddBranch("audit", audit =>
        {
            audit.SetDescription("Check or export the hash-chained audit log.");
            audit.AddCommand<AuditVerifyCommand>("verify")
                .WithDescription("Verify the audit chain of a database (SQLite file or PostgreSQL) or of an exported file.")
                .WithExample("audit", "verify", "khyber.db")
                .WithExample("audit", "verify", "--postgres", "Host=127.0.0.1;Database=khyber;Username=khyber")
                .WithExample("audit", "verify", "--file", "audit.json");
            audit.AddCommand<AuditExportCommand>("export")
                .WithDescription("Write the audit log of a database as a JSON file that 'audit verify --file' checks on its own.")
                .WithExample("audit", "export", "khyber.db", "--out", "audit.json");
        });

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        AuditVerification result;
        try
        {
            result = await settings.VerifyAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or JsonException or DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
        {
            console.MarkupLineInterpolated($"[red]Cannot read the audit log:[/] {e.Message}");
            return 2;
        }
        if (result.Valid && settings.ExpectHead is { } expected && !await settings.ContainsHashAsync(expected, cancellationToken))
        {
            console.MarkupLineInterpolated($"[red]The chain verifies, but the head you recorded ({expected}) is not in it: the log was rewritten or cut.[/]");
            return 1;
        }
        if (result.Valid)
        {
            console.MarkupLineInterpolated($"[green]Intact:[/] {result.Entries} entries, head {result.HeadHash}");
            return 0;
        }
        console.MarkupLineInterpolated($"[red]Broken at entry {result.FirstBadSeq}:[/] {result.Problem}");
        console.MarkupLineInterpolated($"Entries before it verify; the last good hash is {result.HeadHash}.");
        return 1;
    }
}

/// <summary><c>khyber audit export</c>: the whole log as a JSON array, in the shape of <c>GET /api/v1/audit</c> pages.</summary>
public sealed class AuditExportCommand : AsyncCommand<AuditExportCommand.Settings>
{
    public sealed class Settings : AuditSource
    {
        [CommandOption("-o|--out <FILE>")]
        [Description("Where to write the JSON (standard output when omitted).")]
        public string? Out { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.File is not null)
        {
            AnsiConsole.MarkupLine("[red]Export reads a database, not a file.[/]");
            return 2;
        }
        var entries = new List<AuditFileEntry>();
        try
        {
            await foreach (var e in settings.EntriesAsync(cancellationToken))
            {
                entries.Add(AuditFileEntry.From(e));
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Cannot read the audit log:[/] {e.Message}");
            return 2;
        }
        var json = JsonSerializer.Serialize(entries, AuditFileEntry.Options);
        if (settings.Out is { } path)
        {
            await File.WriteAllTextAsync(path, json, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"Wrote {entries.Count} entries to {path}");
        }
        else
        {
            await Console.Out.WriteLineAsync(json);
        }
        return 0;
    }
}

/// <summary>Where the log is read from: a SQLite file, a PostgreSQL database, or an exported file.</summary>
public class AuditSource : CommandSettings
{
    [CommandArgument(0, "[SQLITE-FILE]")]
    [Description("A Khyber SQLite database file.")]
    public string? Sqlite { get; init; }

    [CommandOption("--postgres <CONNECTION>")]
    [Description("An Npgsql connection string to a Khyber PostgreSQL database.")]
    public string? Postgres { get; init; }

    [CommandOption("--file <FILE>")]
    [Description("An exported log: a JSON array of entries as GET /api/v1/audit returns them (pages concatenated) or 'audit export' writes.")]
    public string? File { get; init; }

    public override ValidationResult Validate() =>
        new[] { Sqlite, Postgres, File }.Count(x => x is not null) == 1
            ? ValidationResult.Success()
            : ValidationResult.Error("Name exactly one source: a SQLite file, --postgres CONNECTION or --file EXPORT.json.");

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        if (File is { } path)
        {
            return AuditChain.Verify(await ReadFileAsync(path, ct), head: null);
        }
        await using var db = Open();
        return await AuditLog.VerifyAsync(db, ct);
    }

    public async Task<bool> ContainsHashAsync(string hash, CancellationToken ct)
    {
        if (File is { } path)
        {
            return (await ReadFileAsync(path, ct)).Any(e => e.Hash == hash);
        }
        await using var db = Open();
        return await db.AuditEntries.AnyAsync(e => e.Hash == hash, ct);
    }

    public async IAsyncEnumerable<AuditEntry> EntriesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = Open();
        await foreach (var e in AuditLog.ReadAsync(db, ct))
        {
            yield return e;
        }
    }

    internal KhyberDb Open()
    {
        if (Postgres is { } connection)
        {
            return new PostgresKhyberDb(new DbContextOptionsBuilder<PostgresKhyberDb>().UseNpgsql(connection).Options);
        }
        if (!System.IO.File.Exists(Sqlite))
        {
            throw new IOException($"No such database file: {Sqlite}");
        }
        // Read-only: verification must never change the evidence.
        return new SqliteKhyberDb(new DbContextOptionsBuilder<SqliteKhyberDb>().UseSqlite($"Data Source={Sqlite};Mode=ReadOnly").Options);
    }

    internal static async Task<List<AuditEntry>> ReadFileAsync(string path, CancellationToken ct)
    {
        await using var stream = System.IO.File.OpenRead(path);
        var entries = await JsonSerializer.DeserializeAsync<List<AuditFileEntry>>(stream, AuditFileEntry.Options, ct)
            ?? throw new JsonException("The file holds no JSON array of entries.");
        return entries.Select(e => e.ToEntry()).ToList();
    }
}

/// <summary>An audit entry as the API and the export write it.</summary>
public sealed record AuditFileEntry(
    long Seq, DateTimeOffset At, string Actor, string? Side, string Action, string Subject, string Hash, string PreviousHash, string PayloadHash, string Payload)
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static AuditFileEntry From(AuditEntry e) => new(e.Seq, e.At, e.Actor, e.Side, e.Action, e.Subject, e.Hash, e.PreviousHash, e.PayloadHash, e.Payload);

    public AuditEntry ToEntry() => new()
    {
        Seq = Seq, At = At, Actor = Actor, Side = Side, Action = Action, Subject = Subject,
        Hash = Hash, PreviousHash = PreviousHash, PayloadHash = PayloadHash, Payload = Payload,
    };
}
