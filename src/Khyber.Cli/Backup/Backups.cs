using System.Data;
using System.Diagnostics;
using Khyber.Storage;
using Khyber.Storage.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Khyber.Cli.Backup;

/// <summary>A backup or restore that cannot be done; the message says why, for the operator.</summary>
public sealed class BackupException(string message, bool chainBroken = false) : Exception(message)
{
    /// <summary>Refused because the backup's audit chain does not verify (rather than because it cannot be read).</summary>
    public bool ChainBroken { get; } = chainBroken;
}

/// <summary>What a backup holds: its audit chain, checked, and where the chain ends.</summary>
public sealed record BackupContents(AuditVerification Chain)
{
    /// <summary>The sequence number of the last entry (entries are numbered from 1 without gaps when the chain verifies).</summary>
    public long HeadSeq => Chain.Valid ? Chain.Entries : (Chain.FirstBadSeq ?? 1) - 1;
}

/// <summary>
/// Copying a Khyber database out and back in, for both providers, and checking every copy made. The copy is checked
/// before it is given the name asked for, so a file with that name is always a whole backup.
/// </summary>
public static class Backups
{
    /// <summary>
    /// SQLite: the online backup API copies the database page by page under one read transaction, so the copy is the
    /// database at one moment even while the server writes (write-ahead logging lets it go on writing meanwhile).
    /// </summary>
    public static async Task<BackupContents> BackupSqliteAsync(string database, string target, CancellationToken ct)
    {
        if (!File.Exists(database))
        {
            throw new BackupException($"No such database file: {database}");
        }
        var partial = Partial(target);
        try
        {
            // Read-only: a backup never changes what it copies.
            await using (var source = new SqliteConnection(Sqlite(database, SqliteOpenMode.ReadOnly)))
            await using (var copy = new SqliteConnection(Sqlite(partial, SqliteOpenMode.ReadWriteCreate)))
            {
                await source.OpenAsync(ct);
                await copy.OpenAsync(ct);
                source.BackupDatabase(copy);
                // One self-contained file: the copy keeps no write-ahead log beside it.
                await ExecuteAsync(copy, "PRAGMA journal_mode=DELETE;", ct);
            }
            var contents = await CheckSqliteAsync(partial, ct);
            File.Move(partial, target, overwrite: true);
            return contents;
        }
        catch (SqliteException e)
        {
            throw new BackupException($"Cannot copy {database}: {e.Message}");
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>Reads a SQLite copy as the server would: every page checked, then the audit chain recomputed to its head.</summary>
    public static async Task<BackupContents> CheckSqliteAsync(string file, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            throw new BackupException($"No such backup file: {file}");
        }
        try
        {
            await using (var connection = new SqliteConnection(Sqlite(file, SqliteOpenMode.ReadOnly)))
            {
                await connection.OpenAsync(ct);
                await using var check = connection.CreateCommand();
                check.CommandText = "PRAGMA integrity_check;";
                var verdict = (string?)await check.ExecuteScalarAsync(ct);
                if (verdict != "ok")
                {
                    throw new BackupException($"{file} is damaged: {verdict}");
                }
            }
            await using var db = new SqliteKhyberDb(new DbContextOptionsBuilder<SqliteKhyberDb>().UseSqlite(Sqlite(file, SqliteOpenMode.ReadOnly)).Options);
            return new BackupContents(await AuditLog.VerifyAsync(db, ct));
        }
        catch (SqliteException e)
        {
            throw new BackupException($"{file} is not a readable Khyber database: {e.Message}");
        }
    }

    /// <summary>
    /// SQLite restore, for a stopped server: the backup is checked, copied beside the database, and put in its place.
    /// The old write-ahead log goes first — left beside the new file, SQLite would replay the old database's last
    /// writes onto it.
    /// </summary>
    public static async Task<BackupContents> RestoreSqliteAsync(string backup, string database, CancellationToken ct)
    {
        RequireIntact(await CheckSqliteAsync(backup, ct), backup);
        var partial = Partial(database);
        try
        {
            await using (var source = new SqliteConnection(Sqlite(backup, SqliteOpenMode.ReadOnly)))
            await using (var copy = new SqliteConnection(Sqlite(partial, SqliteOpenMode.ReadWriteCreate)))
            {
                await source.OpenAsync(ct);
                await copy.OpenAsync(ct);
                source.BackupDatabase(copy);
            }
            File.Delete(database + "-wal");
            File.Delete(database + "-shm");
            File.Move(partial, database, overwrite: true);
        }
        catch (SqliteException e)
        {
            throw new BackupException($"Cannot copy {backup} to {database}: {e.Message}");
        }
        finally
        {
            File.Delete(partial);
        }
        return await CheckSqliteAsync(database, ct);
    }

    /// <summary>
    /// PostgreSQL: <c>pg_dump</c> in its custom format, reading the snapshot this method exports, and the audit chain
    /// verified in that same snapshot — so the head printed is exactly the head inside the dump, whatever the server
    /// wrote meanwhile. The dump is then read back with <c>pg_restore --list</c>.
    /// </summary>
    public static async Task<BackupContents> BackupPostgresAsync(string connection, string target, string? binaries, CancellationToken ct)
    {
        var pgDump = PostgresTools.Find("pg_dump", binaries);
        var pgRestore = PostgresTools.Find("pg_restore", binaries);
        var server = Connection(connection);
        var partial = Partial(target);
        try
        {
            await using var db = new PostgresKhyberDb(new DbContextOptionsBuilder<PostgresKhyberDb>().UseNpgsql(server.ToString()).Options);
            await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            var id = await db.Database.SqlQueryRaw<string>("SELECT pg_export_snapshot() AS \"Value\"").SingleAsync(ct);
            await PostgresTools.RunAsync(pgDump, server, ["--format=custom", $"--snapshot={id}", $"--file={partial}", .. PostgresTools.Target(server)], ct);
            var contents = new BackupContents(await AuditLog.VerifyAsync(db, ct));
            await snapshot.RollbackAsync(ct);
            await CheckPostgresDumpAsync(partial, pgRestore, ct);
            File.Move(partial, target, overwrite: true);
            return contents;
        }
        catch (NpgsqlException e)
        {
            throw new BackupException($"Cannot read the database: {e.Message}");
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>A dump is readable when <c>pg_restore --list</c> reads its table of contents and it holds the audit log's rows.</summary>
    public static async Task CheckPostgresDumpAsync(string file, string pgRestore, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            throw new BackupException($"No such backup file: {file}");
        }
        var contents = await PostgresTools.RunAsync(pgRestore, null, ["--list", file], ct);
        if (!contents.Split('\n').Any(line => line.Contains("TABLE DATA", StringComparison.Ordinal) && line.Contains("AuditEntries", StringComparison.Ordinal)))
        {
            throw new BackupException($"{file} is a PostgreSQL dump but holds no Khyber audit log.");
        }
    }

    /// <summary>
    /// PostgreSQL restore with <c>pg_restore</c> into the database named (best a new, empty one): what the dump holds is
    /// dropped first if it exists, everything in one transaction (all or nothing), owned by the connecting user.
    /// Then the restored chain is verified where it now lies.
    /// </summary>
    public static async Task<BackupContents> RestorePostgresAsync(string backup, string connection, string? binaries, CancellationToken ct)
    {
        var pgRestore = PostgresTools.Find("pg_restore", binaries);
        await CheckPostgresDumpAsync(backup, pgRestore, ct);
        var server = Connection(connection);
        await PostgresTools.RunAsync(pgRestore, server,
            ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", .. PostgresTools.Target(server), backup], ct);
        try
        {
            NpgsqlConnection.ClearAllPools();
            await using var db = new PostgresKhyberDb(new DbContextOptionsBuilder<PostgresKhyberDb>().UseNpgsql(server.ToString()).Options);
            return new BackupContents(await AuditLog.VerifyAsync(db, ct));
        }
        catch (NpgsqlException e)
        {
            throw new BackupException($"Cannot read the restored database: {e.Message}");
        }
    }

    private static void RequireIntact(BackupContents contents, string backup)
    {
        if (!contents.Chain.Valid)
        {
            throw new BackupException($"The audit chain in {backup} does not verify ({contents.Chain.Problem}); nothing was restored.", chainBroken: true);
        }
    }

    private static NpgsqlConnectionStringBuilder Connection(string connection)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connection);
            return string.IsNullOrEmpty(builder.Database) ? throw new BackupException("The connection string names no database (Database=…).") : builder;
        }
        catch (ArgumentException e)
        {
            throw new BackupException($"Not a connection string: {e.Message}");
        }
    }

    /// <summary>Beside the target, so that putting it in place is a rename on one file system.</summary>
    private static string Partial(string target)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        return Directory.Exists(folder)
            ? Path.Combine(folder, $".{Path.GetFileName(target)}.{Environment.ProcessId}.partial")
            : throw new BackupException($"No such directory: {folder}");
    }

    private static string Sqlite(string file, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString();

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>PostgreSQL's own client programs, found and run without ever putting a password on a command line.</summary>
public static class PostgresTools
{
    /// <summary>
    /// <paramref name="name"/> in the directory given, else on the PATH, else in the newest
    /// <c>/usr/lib/postgresql/*/bin</c> (Debian's layout) — the order in which <c>test.sh</c> finds the cluster's programs.
    /// </summary>
    public static string Find(string name, string? binaries)
    {
        if (binaries is not null)
        {
            var given = Path.Combine(binaries, name);
            return File.Exists(given) ? given : throw new BackupException($"{name} is not in {binaries}.");
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1, Program: Path.Combine(dir, "bin", name)))
                .Where(x => File.Exists(x.Program))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Program)
                .FirstOrDefault()
            : null;
        return debian ?? throw new BackupException(
            $"{name} was not found (not on the PATH, not in /usr/lib/postgresql/*/bin). Install PostgreSQL's client programs (Debian: postgresql-client, of the server's major version or newer) or name their directory with --pg-bin.");
    }

    /// <summary>Where to connect, as options; the password travels in PGPASSWORD (see <see cref="RunAsync"/>).</summary>
    public static IEnumerable<string> Target(NpgsqlConnectionStringBuilder server)
    {
        if (!string.IsNullOrEmpty(server.Host))
        {
            yield return $"--host={server.Host}";
        }
        yield return $"--port={server.Port}";
        if (!string.IsNullOrEmpty(server.Username))
        {
            yield return $"--username={server.Username}";
        }
        yield return "--no-password";
        yield return $"--dbname={server.Database}";
    }

    /// <summary>Runs a client program and returns what it wrote; a non-zero exit is a <see cref="BackupException"/> quoting its error.</summary>
    public static async Task<string> RunAsync(string program, NpgsqlConnectionStringBuilder? server, IEnumerable<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        if (server?.Password is { Length: > 0 } password)
        {
            // Never an argument: other users of the machine can read a process's arguments.
            start.Environment["PGPASSWORD"] = password;
        }
        if (server is not null)
        {
            start.Environment["PGSSLMODE"] = server.SslMode switch
            {
                SslMode.Disable => "disable",
                SslMode.Allow => "allow",
                SslMode.Require => "require",
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                _ => "prefer",
            };
        }
        using var process = Process.Start(start) ?? throw new BackupException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // Interrupted: the dump or restore stops with the command, not later on its own.
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            throw new BackupException($"{Path.GetFileName(program)} failed (exit code {process.ExitCode}): {(await error).Trim()}");
        }
        return await output;
    }
}
