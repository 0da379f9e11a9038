using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Admin;

/// <summary>
/// <c>khyber admin init</c> and <c>khyber admin reset-password</c>, started as the operator starts them — a separate
/// process on the server's database, the password fed on standard input — on SQLite and on PostgreSQL.
/// </summary>
public sealed partial class AdminCommandLineTests
{
    private const string Password = "Khyber-Pass-1879";

    /// <summary>The built command line next to this test build (the test command builds the whole solution first).</summary>
    private static string CliDll
    {
        get
        {
            var server = ServerProcess.ServerDll; // src/Khyber.Api/bin/<configuration>/net10.0/Khyber.Api.dll
            var dll = server.Replace(Path.Combine("src", "Khyber.Api"), Path.Combine("src", "Khyber.Cli"), StringComparison.Ordinal).Replace("Khyber.Api.dll", "khyber.dll", StringComparison.Ordinal);
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the command line first: {dll} is missing.");
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>Runs <c>khyber</c> with <paramref name="input"/> on standard input; the exit code and what it wrote, lines joined.</summary>
    private static async Task<(int Code, string Output)> Khyber(string? input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        // The console wraps long lines; the tests read words, not layout.
        return (process.ExitCode, Spaces().Replace(await output + " " + await error, " ").Trim());
    }

    private static string[] Database(string connection) => TestDatabase.IsPostgres
        ? ["--postgres", connection]
        : [new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource];

    [Fact]
    public async Task Init_creates_the_first_administrator_on_an_empty_database_with_the_password_from_standard_input()
    {
        var connection = await TestDatabase.CreateEmptyAsync();
        var (code, output) = await Khyber(Password, ["admin", "init", "--user", "chief", .. Database(connection)]);
        Assert.True(code == 0, output);
        Assert.Contains("Created the administrator chief", output);
        Assert.DoesNotContain(Password, output);

        await using var app = TestApp.On(connection);
        var me = await app.WithToken(await app.TokenFor("chief", Password)).GetJson("/api/v1/auth/me");
        Assert.Equal("admin", me.GetProperty("role").GetString());
        var entry = Assert.Single(await app.Db(db => db.AuditEntries.AsNoTracking().ToListAsync()));
        Assert.Equal(("command-line", "InitializeAdministrator"), (entry.Actor, entry.Action));
        Assert.DoesNotContain(Password, entry.Payload);

        // A second run is refused, and changes nothing.
        (code, output) = await Khyber("Another-Pass-2", ["admin", "init", "--user", "deputy", .. Database(connection)]);
        Assert.Equal(1, code);
        Assert.Contains("An administrator already exists (chief)", output);
        Assert.False(await app.Db(db => db.Users.AnyAsync(u => u.UserName == "deputy")));
        Assert.Equal(1, await app.Db(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Init_refuses_a_weak_password_a_bad_username_or_a_password_on_the_command_line_and_creates_nothing()
    {
        var connection = await TestDatabase.CreateEmptyAsync();
        var (code, output) = await Khyber("short", ["admin", "init", "--user", "chief", .. Database(connection)]);
        Assert.Equal(1, code);
        Assert.Contains("password: Passwords must be at least 8 characters", output);

        (code, output) = await Khyber(Password, ["admin", "init", "--user", "chief admin", .. Database(connection)]);
        Assert.Equal(1, code);
        Assert.Contains("username:", output);

        // There is no way to give the password as an argument.
        (code, _) = await Khyber(null, ["admin", "init", "--user", "chief", "--password", Password, .. Database(connection)]);
        Assert.NotEqual(0, code);
        (code, _) = await Khyber(null, ["admin", "init", .. Database(connection)]);
        Assert.NotEqual(0, code);

        await using var app = TestApp.On(connection);
        Assert.Equal(0, await app.Db(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Reset_password_gives_a_locked_out_administrator_a_new_password_and_unlocks_the_account()
    {
        var connection = await TestDatabase.CreateEmptyAsync();
        Assert.Equal(0, (await Khyber(Password, ["admin", "init", "--user", "chief", .. Database(connection)])).Code);
        await using var app = TestApp.On(connection);
        var session = app.WithToken(await app.TokenFor("chief", Password));
        for (var i = 0; i < 5; i++)
        {
            await (await app.RequestToken("chief", "Forgotten-Pass-1")).Problem(HttpStatusCode.Unauthorized);
        }
        await (await app.RequestToken("chief", Password)).Problem(HttpStatusCode.Unauthorized);

        var (code, output) = await Khyber("Remembered-Pass-2", ["admin", "reset-password", "chief", .. Database(connection)]);
        Assert.True(code == 0, output);
        Assert.Contains("New password set for chief", output);

        await app.WithToken(await app.TokenFor("chief", "Remembered-Pass-2")).GetJson("/api/v1/admin/users");
        await (await session.GetAsync("/api/v1/auth/me")).Problem(HttpStatusCode.Unauthorized);
        var entry = await app.Db(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).LastAsync());
        Assert.Equal(("command-line", "ResetPassword"), (entry.Actor, entry.Action));
        Assert.DoesNotContain("Remembered-Pass-2", entry.Payload);

        (code, output) = await Khyber("Remembered-Pass-3", ["admin", "reset-password", "nobody", .. Database(connection)]);
        Assert.Equal(1, code);
        Assert.Contains("No user 'nobody'", output);
    }
}
