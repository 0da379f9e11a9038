using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Khyber.Cli.Backup;

/// <summary>
/// <c>khyber restore</c>: puts a backup made by <c>khyber backup</c> back, with every server on that database stopped,
/// and verifies the audit chain where it now lies. SQLite: the backup is checked first and nothing is touched unless
/// its chain verifies. PostgreSQL: <c>pg_restore</c> in one transaction. Exit code 0: restored and the chain verifies;
/// 1: restored, but the restored chain does not verify (PostgreSQL), or refused because the backup's does not
/// (SQLite); 2: nothing restored.
/// </summary>
public sealed class RestoreCommand : AsyncCommand<RestoreCommand.Settings>, IVerb
{
    public sealed class Settings : BackupDatabase
    {
        [CommandOption("--from <FILE>")]
        [Description("The backup file written by 'khyber backup'.")]
        public string? From { get; init; }

        [CommandOption("--force")]
        [Description("SQLite: replace a database file that exists (stop the server first).")]
        public bool Force { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(From) ? ValidationResult.Error("Name the backup: --from FILE.") : base.Validate();
    }

    public static void Register(IConfigurator config) =>
        config.AddCommand<RestoreCommand>("restore")
            .WithDescription("Put a backup back (servers stopped) and verify the audit chain of the restored database.")
            .WithExample("restore", "--from", "/backup/khyber-2026-12-01.db", "/var/lib/khyber/khyber.db", "--force")
            .WithExample("restore", "--from", "/backup/khyber-2026-12-01.dump", "--postgres", "Host=127.0.0.1;Database=khyber_restored;Username=khyber");

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        if (settings.Sqlite is { } file && File.Exists(file) && !settings.Force)
        {
            console.MarkupLineInterpolated($"[red]{file} exists:[/] stop the server, then pass --force to replace it.");
            return 2;
        }
        BackupContents contents;
        try
        {
            contents = settings.Postgres is { } connection
                ? await Backups.RestorePostgresAsync(settings.From!, connection, settings.PostgresBinaries, cancellationToken)
                : await Backups.RestoreSqliteAsync(settings.From!, settings.Sqlite!, cancellationToken);
        }
        catch (BackupException e) when (e.ChainBroken)
        {
            console.MarkupLineInterpolated($"[red]Refused:[/] {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is BackupException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            console.MarkupLineInterpolated($"[red]Not restored:[/] {e.Message}");
            return 2;
        }
        console.MarkupLineInterpolated($"Restored {settings.From} into {settings.Sqlite ?? "the PostgreSQL database"}.");
        return settings.Report(console, contents, "in the restored database");
    }
}
