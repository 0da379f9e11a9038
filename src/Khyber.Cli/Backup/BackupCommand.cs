using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Khyber.Cli.Backup;

/// <summary>
/// <c>khyber backup</c>: a consistent copy of a running server's database (SQLite: the online backup API; PostgreSQL:
/// <c>pg_dump</c> in custom format), checked before it is given its name, and the audit chain head it holds printed so
/// it can be noted beside it. Exit code 0: written and the chain verifies; 1: written, but the chain in it does not
/// verify (the copy is kept — it is evidence); 2: nothing written.
/// </summary>
public sealed class BackupCommand : AsyncCommand<BackupCommand.Settings>, IVerb
{
    public sealed class Settings : BackupDatabase
    {
        [CommandOption("-o|--to <FILE>")]
        [Description("The backup file to write (SQLite: a database file; PostgreSQL: a pg_dump custom-format archive).")]
        public string? To { get; init; }

        [CommandOption("--force")]
        [Description("Replace the file named by --to when it exists.")]
        public bool Force { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(To) ? ValidationResult.Error("Name the backup file: --to FILE.") : base.Validate();
    }

    public static void Register(IConfigurator config) =>
        config.AddCommand<BackupCommand>("backup")
            .WithDescription("Copy the database while the server runs, check the copy and print the audit chain head it holds.")
            .WithExample("backup", "/var/lib/khyber/khyber.db", "--to", "/backup/khyber-2026-12-01.db")
            .WithExample("backup", "--postgres", "Host=127.0.0.1;Database=khyber;Username=khyber", "--to", "/backup/khyber-2026-12-01.dump");

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        var target = settings.To!;
        if (File.Exists(target) && !settings.Force)
        {
            console.MarkupLineInterpolated($"[red]{target} exists:[/] name another file, or pass --force to replace it.");
            return 2;
        }
        BackupContents contents;
        try
        {
            contents = settings.Postgres is { } connection
                ? await Backups.BackupPostgresAsync(connection, target, settings.PostgresBinaries, cancellationToken)
                : await Backups.BackupSqliteAsync(settings.Sqlite!, target, cancellationToken);
        }
        catch (Exception e) when (e is BackupException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            console.MarkupLineInterpolated($"[red]No backup written:[/] {e.Message}");
            return 2;
        }
        console.MarkupLineInterpolated($"Backup written: {Path.GetFullPath(target)} ({new FileInfo(target).Length} bytes)");
        return settings.Report(console, contents, "in the backup");
    }
}

/// <summary>The database a backup is taken from or restored into: a SQLite file or a PostgreSQL connection.</summary>
public abstract class BackupDatabase : CommandSettings
{
    [CommandArgument(0, "[SQLITE-FILE]")]
    [Description("The server's SQLite database file.")]
    public string? Sqlite { get; init; }

    [CommandOption("--postgres <CONNECTION>")]
    [Description("An Npgsql connection string to the server's PostgreSQL database; its password is handed to pg_dump/pg_restore in PGPASSWORD, never as an argument.")]
    public string? Postgres { get; init; }

    [CommandOption("--pg-bin <DIR>")]
    [Description("Where pg_dump and pg_restore are (default: the PATH, then the newest /usr/lib/postgresql/*/bin).")]
    public string? PostgresBinaries { get; init; }

    public override ValidationResult Validate() =>
        (Sqlite is null) != (Postgres is null)
            ? ValidationResult.Success()
            : ValidationResult.Error("Name the database: a SQLite file or --postgres CONNECTION (one of them).");

    /// <summary>Prints the chain's verdict and head; 0 when it verifies, 1 when it does not.</summary>
    public int Report(IAnsiConsole console, BackupContents contents, string where)
    {
        var chain = contents.Chain;
        if (chain.Valid)
        {
            console.MarkupLineInterpolated($"[green]Audit chain intact[/] {where}: {chain.Entries} entries, head entry {contents.HeadSeq}, head hash {chain.HeadHash}");
            return 0;
        }
        console.MarkupLineInterpolated($"[red]The audit chain {where} does not verify:[/] {chain.Problem}");
        console.MarkupLineInterpolated($"Entries up to {contents.HeadSeq} verify; the last good hash is {chain.HeadHash}.");
        return 1;
    }
}
