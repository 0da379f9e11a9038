using System.ComponentModel;
using Khyber.Api.Infrastructure;
using Khyber.Api.Users;
using Khyber.Domain.Access;
using Khyber.Storage.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Khyber.Cli.Admin;

/// <summary>
/// <c>khyber admin init</c>: the first administrator of an empty installation, the password typed at a prompt (not
/// shown) or read from standard input — never from the command line, where other users of the machine and the shell's
/// history would see it. Applies the schema first when the database is new. Exit code 0: created; 1: refused (an
/// administrator exists, or a rule is broken); 2: the database cannot be opened.
/// </summary>
/// <remarks>
/// The command runs the server's own use case (<see cref="InitializeAdministrator"/>) over the server's own storage and
/// account services, so the account is made under the same password rules and audited as the server would.
/// </remarks>
public sealed class AdminInitCommand : AsyncCommand<AdminInitCommand.Settings>, IVerb
{
    public sealed class Settings : AdminDatabase
    {
        [CommandArgument(0, "[SQLITE-FILE]")]
        [Description("The server's SQLite database file (created when it does not exist yet).")]
        public string? Sqlite { get; init; }

        [CommandOption("-u|--user <USERNAME>")]
        [Description("The administrator's username: 3–64 letters, digits, dots, dashes or underscores.")]
        public string? User { get; init; }

        [CommandOption("--display-name <NAME>")]
        [Description("A name for people (default: Administrator).")]
        public string? DisplayName { get; init; }

        protected override string? SqliteFile => Sqlite;

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(User) ? ValidationResult.Error("Name the administrator: --user USERNAME.") : base.Validate();
    }

    public static void Register(IConfigurator config) =>
        config.AddBranch("admin", admin =>
        {
            admin.SetDescription("Create the first administrator, or give an administrator locked out a new password.");
            admin.AddCommand<AdminInitCommand>("init")
                .WithDescription("Create the first administrator of an empty database; the password is asked for (or read from standard input).")
                .WithExample("admin", "init", "--user", "admin", "khyber.db")
                .WithExample("admin", "init", "--user", "admin", "--postgres", "Host=127.0.0.1;Database=khyber;Username=khyber");
            admin.AddCommand<AdminResetPasswordCommand>("reset-password")
                .WithDescription("Set a new password for a user (typically an administrator locked out) and unlock the account; the password is asked for (or read from standard input).")
                .WithExample("admin", "reset-password", "admin", "khyber.db");
        });

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        return await settings.RunAsync(console, async services =>
        {
            var password = Passwords.Read(console, $"Password for {settings.User}:", confirm: true);
            await using var scope = services.CreateAsyncScope();
            var created = await scope.ServiceProvider.GetRequiredService<InitializeAdministrator>()
                .HandleAsync(AdminDatabase.CommandLine, settings.User, password, settings.DisplayName, cancellationToken);
            console.MarkupLineInterpolated($"[green]Created the administrator[/] {created.Username} ({created.DisplayName}). Sign in with the password you typed.");
        }, cancellationToken);
    }
}

/// <summary>
/// <c>khyber admin reset-password USER</c>: a new password for an account, typed at a prompt or read from standard
/// input; unlocks it and ends its sessions. For an administrator locked out of the pages, on the server itself. Runs the
/// server's own <see cref="ResetPassword"/>.
/// </summary>
public sealed class AdminResetPasswordCommand : AsyncCommand<AdminResetPasswordCommand.Settings>
{
    public sealed class Settings : AdminDatabase
    {
        [CommandArgument(0, "<USER>")]
        [Description("The account's username.")]
        public string User { get; init; } = "";

        [CommandArgument(1, "[SQLITE-FILE]")]
        [Description("The server's SQLite database file.")]
        public string? Sqlite { get; init; }

        protected override string? SqliteFile => Sqlite;

        protected override bool MayCreate => false;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        return await settings.RunAsync(console, async services =>
        {
            var password = Passwords.Read(console, $"New password for {settings.User}:", confirm: true);
            await using var scope = services.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<ResetPassword>()
                .HandleAsync(AdminDatabase.Operator, settings.User, password, cancellationToken);
            console.MarkupLineInterpolated($"[green]New password set[/] for {user.Username}; the account is unlocked and its earlier sessions have ended.");
            if (!user.Enabled)
            {
                console.MarkupLine("[yellow]The account is disabled: another administrator must enable it before it can sign in.[/]");
            }
        }, cancellationToken);
    }
}

/// <summary>The database an administrator command works on, and the server's services over it.</summary>
public abstract class AdminDatabase : CommandSettings
{
    /// <summary>The audit log's name for whoever runs these commands on the server.</summary>
    public const string CommandLine = "command-line";

    /// <summary>The command line acts as the system administrator: it may reset any account's password.</summary>
    public static readonly Actor Operator = new(CommandLine, Role.Admin, null, null, null);

    [CommandOption("--postgres <CONNECTION>")]
    [Description("An Npgsql connection string to the server's PostgreSQL database.")]
    public string? Postgres { get; init; }

    protected abstract string? SqliteFile { get; }

    /// <summary>Whether a SQLite file that does not exist yet may be created (only for the first administrator).</summary>
    protected virtual bool MayCreate => true;

    public override ValidationResult Validate() =>
        (SqliteFile is null) != (Postgres is null)
            ? ValidationResult.Success()
            : ValidationResult.Error("Name the database: a SQLite file or --postgres CONNECTION (one of them).");

    /// <summary>Opens the database (applying the schema if it is new), runs the work, and turns a refusal into exit code 1.</summary>
    public async Task<int> RunAsync(IAnsiConsole console, Func<IServiceProvider, Task> work, CancellationToken ct)
    {
        if (SqliteFile is { } file && !File.Exists(file))
        {
            if (!MayCreate)
            {
                console.MarkupLineInterpolated($"[red]No such database file:[/] {file}");
                return 2;
            }
            console.MarkupLineInterpolated($"A new database: {Path.GetFullPath(file)}");
        }
        await using var services = Services();
        try
        {
            await StorageSetup.MigrateAsync(services, ct);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or SqliteException or InvalidOperationException or IOException)
        {
            console.MarkupLineInterpolated($"[red]Cannot open the database:[/] {e.Message}");
            return 2;
        }
        try
        {
            await work(services);
            return 0;
        }
        catch (ApiProblemException refusal)
        {
            console.MarkupLineInterpolated($"[red]Refused:[/] {refusal.Detail ?? refusal.Title}");
            return 1;
        }
        catch (PasswordsDifferException)
        {
            console.MarkupLine("[red]Refused:[/] the two passwords differ; nothing was changed.");
            return 1;
        }
    }

    private ServiceProvider Services()
    {
        var connection = Postgres ?? new SqliteConnectionStringBuilder { DataSource = SqliteFile }.ToString();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = Postgres is null ? "sqlite" : "postgres",
            ["ConnectionStrings:Khyber"] = connection,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddKhyberStorage(config);
        services.AddKhyberAccounts(config);
        services.AddScoped<AuditIdentity>();
        services.AddScoped<InitializeAdministrator>();
        services.AddScoped<ResetPassword>();
        return services.BuildServiceProvider();
    }
}

internal sealed class PasswordsDifferException : Exception;

/// <summary>Reading a password: from a prompt that shows nothing of it, or from standard input when it is not a terminal.</summary>
internal static class Passwords
{
    public static string? Read(IAnsiConsole console, string prompt, bool confirm)
    {
        if (Console.IsInputRedirected)
        {
            // One line; the line break is not part of the password.
            return Console.In.ReadLine();
        }
        var first = console.Prompt(new TextPrompt<string>(prompt).Secret(null));
        if (confirm && console.Prompt(new TextPrompt<string>("Once more:").Secret(null)) != first)
        {
            throw new PasswordsDifferException();
        }
        return first;
    }
}
