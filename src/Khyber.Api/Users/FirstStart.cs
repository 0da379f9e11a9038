using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Khyber.Api.Users;

/// <summary>
/// What a server does about its first administrator when it starts: creates it from <c>Admin:InitialUser</c> and
/// <c>Admin:InitialPasswordFile</c> when both are set and there is none; and when there is still none, says in its log
/// (a warning) and on the status board exactly what to run.
/// </summary>
public sealed class FirstStart(IConfiguration config, ILogger<FirstStart> log)
{
    /// <summary>The audit log's name for the server creating the administrator from its settings.</summary>
    public const string ServerStart = "server-start";

    // Once an administrator exists there always is one (accounts are disabled, never deleted): no need to ask again.
    private volatile bool _administered;

    public static async Task RunAsync(WebApplication app)
    {
        await app.Services.GetRequiredService<FirstStart>().StartAsync(app.Services, CancellationToken.None);
    }

    public async Task StartAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KhyberDb>();
        var user = config["Admin:InitialUser"];
        var passwordFile = config["Admin:InitialPasswordFile"];
        if (!string.IsNullOrWhiteSpace(user) || !string.IsNullOrWhiteSpace(passwordFile))
        {
            if (string.IsNullOrWhiteSpace(user) || string.IsNullOrWhiteSpace(passwordFile))
            {
                throw new InvalidOperationException("Set both Admin:InitialUser and Admin:InitialPasswordFile (a file holding the password), or neither.");
            }
            if (await AnyAdministratorAsync(db, ct))
            {
                log.LogInformation("Admin:InitialUser is set, but an administrator exists: no administrator created");
            }
            else
            {
                await CreateAsync(scope.ServiceProvider.GetRequiredService<InitializeAdministrator>(), user.Trim(), passwordFile, ct);
            }
        }
        if (!await AnyAdministratorAsync(db, ct))
        {
            log.LogWarning("This Khyber has no administrator, so nobody can sign in. Create the first one with: {Command} "
                + "(it asks for the password), or start the server with Admin:InitialUser and Admin:InitialPasswordFile set", Command(config));
        }
    }

    private async Task CreateAsync(InitializeAdministrator initialize, string user, string passwordFile, CancellationToken ct)
    {
        string password;
        try
        {
            // A secret file usually ends with a line break that is not part of the password.
            password = (await File.ReadAllTextAsync(passwordFile, ct)).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Admin:InitialPasswordFile cannot be read: {e.Message}", e);
        }
        try
        {
            await initialize.HandleAsync(ServerStart, user, password, null, ct);
            log.LogInformation("Created the first administrator {User} from Admin:InitialUser and Admin:InitialPasswordFile", user);
        }
        catch (ApiProblemException refusal) when (refusal.Status == StatusCodes.Status409Conflict)
        {
            // Another instance starting at the same moment created it first.
            log.LogInformation("No administrator created from Admin:InitialUser: {Reason}", refusal.Detail);
        }
        catch (ApiProblemException refusal)
        {
            throw new InvalidOperationException($"The first administrator cannot be created from Admin:InitialUser and Admin:InitialPasswordFile: {refusal.Detail}");
        }
    }

    /// <summary>Whether the installation still has no administrator (asked of the database until one appears).</summary>
    public async Task<bool> NeedsAdministratorAsync(KhyberDb db, CancellationToken ct) => !await AnyAdministratorAsync(db, ct);

    private async Task<bool> AnyAdministratorAsync(KhyberDb db, CancellationToken ct)
    {
        if (!_administered)
        {
            _administered = await db.Users.AnyAsync(u => u.Role == Role.Admin, ct);
        }
        return _administered;
    }

    /// <summary>The command that creates the first administrator on this server's database (a PostgreSQL password left out).</summary>
    public static string Command(IConfiguration config)
    {
        var connection = config.GetConnectionString("Khyber");
        if (StorageSetup.Provider(config) is "postgres" or "postgresql")
        {
            var builder = new NpgsqlConnectionStringBuilder(connection);
            var hasPassword = !string.IsNullOrEmpty(builder.Password);
            builder.Remove("Password");
            return $"./khyber admin init --user admin --postgres '{builder}'" + (hasPassword ? " (add the Password=… of ConnectionStrings:Khyber)" : "");
        }
        var file = new SqliteConnectionStringBuilder(connection ?? StorageSetup.DefaultSqlite).DataSource;
        var path = Path.GetFullPath(file);
        return $"./khyber admin init --user admin {(path.Any(c => char.IsWhiteSpace(c) || c == '\'') ? $"\"{path}\"" : path)}";
    }
}
