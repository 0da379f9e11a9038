using Khyber.Api.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Khyber.Api.Tests.Support;

/// <summary>
/// Fresh databases for tests, on the provider the test command chose (<c>KHYBER_TEST_DB</c> = sqlite | postgres).
/// Each is cloned from a template that was migrated and seeded with the demo crossings and users once per run,
/// so a test starts from a known state in milliseconds and never shares state with another.
/// </summary>
public static class TestDatabase
{
    public const string Password = "Test-pass-2026";

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _template;
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"khyber-tests-{RunId}");

    public static string Provider { get; } = (Environment.GetEnvironmentVariable("KHYBER_TEST_DB") ?? "sqlite").ToLowerInvariant();

    public static bool IsPostgres => Provider == "postgres";

    private static string PostgresServer =>
        Environment.GetEnvironmentVariable("KHYBER_TEST_PG")
        ?? throw new InvalidOperationException("KHYBER_TEST_DB=postgres needs KHYBER_TEST_PG (the test command ./test.sh sets both).");

    /// <summary>A new database with crossings and users, and its connection string.</summary>
    public static async Task<string> CreateAsync()
    {
        var template = await TemplateAsync();
        if (IsPostgres)
        {
            var name = $"khyber_{RunId}_{Guid.NewGuid():N}"[..40];
            await Execute($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
            return Postgres(name);
        }
        var file = Path.Combine(Folder, $"{Guid.NewGuid():N}.db");
        File.Copy(template, file);
        return $"Data Source={file}";
    }

    /// <summary>A new database with nothing in it, not even the schema.</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        if (IsPostgres)
        {
            var name = $"khyber_{RunId}_{Guid.NewGuid():N}"[..40];
            await Execute($"CREATE DATABASE \"{name}\"");
            return Postgres(name);
        }
        Directory.CreateDirectory(Folder);
        return $"Data Source={Path.Combine(Folder, $"{Guid.NewGuid():N}.db")}";
    }

    /// <summary>The database on its own, without the application, for checks made straight in the tables.</summary>
    public static Storage.KhyberDb Open(string connection) => IsPostgres
        ? new Storage.PostgresKhyberDb(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Storage.PostgresKhyberDb>().UseNpgsql(connection).Options)
        : new Storage.SqliteKhyberDb(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Storage.SqliteKhyberDb>().UseSqlite(connection).Options);

    public static async Task DropAsync(string connectionString)
    {
        if (IsPostgres)
        {
            var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
            NpgsqlConnection.ClearAllPools();
            await Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
        else
        {
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                    // Another pooled handle may still be closing; the folder is temporary anyway.
                }
            }
        }
    }

    private static async Task<string> TemplateAsync()
    {
        if (_template is not null)
        {
            return _template;
        }
        await TemplateLock.WaitAsync();
        try
        {
            if (_template is not null)
            {
                return _template;
            }
            Directory.CreateDirectory(Folder);
            string connection;
            string template;
            if (IsPostgres)
            {
                template = $"khyber_template_{RunId}";
                await Execute($"CREATE DATABASE \"{template}\"");
                connection = Postgres(template);
            }
            else
            {
                template = Path.Combine(Folder, "template.db");
                connection = $"Data Source={template}";
            }
            // Start the real application once on the template: it migrates, then the demo seeder adds crossings and users.
            await using (var app = new KhyberFactory(connection))
            {
                using var scope = app.Services.CreateScope();
                await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(story: false, CancellationToken.None);
            }
            if (IsPostgres)
            {
                NpgsqlConnection.ClearAllPools();
            }
            else
            {
                await using var sqlite = new SqliteConnection(connection);
                await sqlite.OpenAsync();
                await using var checkpoint = sqlite.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await checkpoint.ExecuteNonQueryAsync();
                await sqlite.CloseAsync();
                SqliteConnection.ClearAllPools();
            }
            _template = template;
            return template;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static string Postgres(string database) =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = database }.ToString();

    private static async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(Postgres("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
