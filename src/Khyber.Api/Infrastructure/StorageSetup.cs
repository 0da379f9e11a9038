using Khyber.Storage;
using Khyber.Storage.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Infrastructure;

/// <summary>Chooses SQLite (the default, a file) or PostgreSQL by <c>Storage:Provider</c>.</summary>
public static class StorageSetup
{
    public const string DefaultSqlite = "Data Source=khyber.db";

    public static string Provider(IConfiguration config) =>
        (config["Storage:Provider"] ?? "sqlite").Trim().ToLowerInvariant();

    /// <remarks>
    /// Queries load related collections in one statement unless they ask for <c>AsSplitQuery()</c>. That is EF's default,
    /// said here because EF otherwise warns in the server's log at every such query (a notice with its citations, an incident with its casualties and responses),
    /// where an operator should find only what needs them.
    /// <para>A request's <see cref="KhyberDb"/> is leased from EF's pool of contexts and returned (its tracked rows and
    /// settings reset by EF) when the request's scope ends; <see cref="KhyberDb.Serving"/> binds the request's audit
    /// identity, clock and personal-data key at each lease. Making a context anew per request built EF's internal
    /// services for it each time: the larger part of the CPU a short authenticated request spent on the database.</para>
    /// </remarks>
    public static IServiceCollection AddKhyberStorage(this IServiceCollection services, IConfiguration config)
    {
        var provider = Provider(config);
        var connection = config.GetConnectionString("Khyber");
        switch (provider)
        {
            case "sqlite":
                // SQLite's driver does its I/O synchronously even when called asynchronously: give the thread
                // pool room up front, so a burst of requests does not starve it while it grows.
                ThreadPool.GetMinThreads(out var workers, out var io);
                ThreadPool.SetMinThreads(Math.Max(workers, config.GetValue("Storage:SqliteMinThreads", 64)), io);
                var sqlite = new SqliteConnectionStringBuilder(connection ?? DefaultSqlite)
                {
                    // Writers queue behind the lock rather than failing at once.
                    DefaultTimeout = 30,
                    Pooling = true,
                };
                services.AddPooledDbContextFactory<SqliteKhyberDb>(
                    o => o.UseSqlite(sqlite.ToString(), x => x.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery)));
                services.AddScoped<KhyberDb>(Lease<SqliteKhyberDb>);
                break;
            case "postgres":
            case "postgresql":
                if (string.IsNullOrWhiteSpace(connection))
                {
                    throw new InvalidOperationException("Storage:Provider is postgres but ConnectionStrings:Khyber is not set.");
                }
                var postgres = PostgresConnection(connection);
                services.AddPooledDbContextFactory<PostgresKhyberDb>(
                    o => o.UseNpgsql(postgres, x => x.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery)));
                services.AddScoped<KhyberDb>(Lease<PostgresKhyberDb>);
                break;
            default:
                throw new InvalidOperationException($"Storage:Provider must be sqlite or postgres, not '{provider}'.");
        }
        return services;
    }

    /// <summary>
    /// The operator's PostgreSQL connection string with the server's two defaults where it does not say otherwise:
    /// statements prepared once per connection (<c>Max Auto Prepare=64</c>) and kept when a connection goes back to
    /// the pool (<c>No Reset On Close=true</c>).
    /// </summary>
    /// <remarks>
    /// A request opens and closes its pooled connection several times (the sign-in check, its reads, its transaction).
    /// By default Npgsql resets a connection returned to the pool with <c>DISCARD ALL</c>, which also drops its prepared
    /// statements, so every statement was parsed and planned anew: measured on a registration, the two defaults together
    /// carried about half as many registrations again a second on the same machine (docs/benchmarks.md). Khyber
    /// leaves nothing on a connection that a reset would have to clear: it takes advisory locks only for a transaction
    /// (<c>pg_advisory_xact_lock</c>), sets no session variables and creates no temporary tables, and Npgsql rolls back a
    /// transaction left open whatever this setting. Either key set in the connection string wins.
    /// </remarks>
    public static string PostgresConnection(string connection)
    {
        System.Data.Common.DbConnectionStringBuilder given;
        Npgsql.NpgsqlConnectionStringBuilder builder;
        try
        {
            given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connection };
            builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException e)
        {
            // A SQLite "Data Source=…" left in place when the provider was switched, say: said at start, by its setting's name.
            throw new InvalidOperationException($"ConnectionStrings:Khyber is not a PostgreSQL connection string (Storage:Provider is postgres): {e.Message}", e);
        }
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    private static KhyberDb Lease<TContext>(IServiceProvider services) where TContext : KhyberDb =>
        services.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext().Serving(
            services.GetRequiredService<AuditIdentity>(), services.GetRequiredService<TimeProvider>(), services.GetService<PersonalDataKey>());

    /// <summary>Creates or upgrades the schema; for SQLite also turns on write-ahead logging with full sync, so an acknowledged write survives a crash.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KhyberDb>();
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }
        await db.Database.MigrateAsync(ct);
    }
}
