using System.Net;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Admin;

/// <summary>
/// <c>khyber admin init</c> and <c>khyber admin reset-password</c>, started as the operator starts them — a separate
/// process on the server's database, the password fed on standard input — on SQLite and on PostgreSQL.
/// </summary>
public sealed class AdminCommandLineTests
{
    private const string Password = "Khyber-Pass-1879";

    [Fact]
    public async Task Init_creates_the_first_administrator_on_an_empty_database_with_the_password_from_standard_input()
    {
        var connection = await TestDatabase.CreateEmptyAsync();
        var (code, output) = await CommandLineProcess.RunAsync(["admin", "init", "--user", "chief", .. CommandLineProcess.Database(connection)], Password);
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
        (code, output) = await CommandLineProcess.RunAsync(["admin", "init", "--user", "deputy", .. CommandLineProcess.Database(connection)], "Another-Pass-2");
        Assert.Equal(1, code);
        Assert.Contains("An administrator already exists (chief)", output);
        Assert.False(await app.Db(db => db.Users.AnyAsync(u => u.UserName == "deputy")));
        Assert.Equal(1, await app.Db(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Init_refuses_a_weak_password_a_bad_username_or_a_password_on_the_command_line_and_creates_nothing()
    {
        var connection = await TestDatabase.CreateEmptyAsync();
        var (code, output) = await CommandLineProcess.RunAsync(["admin", "init", "--user", "chief", .. CommandLineProcess.Database(connection)], "short");
        Assert.Equal(1, code);
        Assert.Contains("password: Passwords must be at least 8 characters", output);

        (code, output) = await CommandLineProcess.RunAsync(["admin", "init", "--user", "chief admin", .. CommandLineProcess.Database(connection)], Password);
        Assert.Equal(1, code);
        Assert.Contains("username:", output);

        // There is no way to give the password as an argument.
        (code, _) = await CommandLineProcess.RunAsync(["admin", "init", "--user", "chief", "--password", Password, .. CommandLineProcess.Database(connection)]);
        Assert.NotEqual(0, code);
        (code, _) = await CommandLineProcess.RunAsync(["admin", "init", .. CommandLineProcess.Database(connection)]);
        Assert.NotEqual(0, code);

        await using var app = TestApp.On(connection);
        Assert.Equal(0, await app.Db(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Reset_password_gives_a_locked_out_administrator_a_new_password_and_unlocks_the_account()
    {
        var connection = await TestDatabase.CreateEmptyAsync();
        Assert.Equal(0, (await CommandLineProcess.RunAsync(["admin", "init", "--user", "chief", .. CommandLineProcess.Database(connection)], Password)).Code);
        await using var app = TestApp.On(connection);
        var session = app.WithToken(await app.TokenFor("chief", Password));
        for (var i = 0; i < 5; i++)
        {
            await (await app.RequestToken("chief", "Forgotten-Pass-1")).Problem(HttpStatusCode.Unauthorized);
        }
        await (await app.RequestToken("chief", Password)).Problem(HttpStatusCode.Unauthorized);

        var (code, output) = await CommandLineProcess.RunAsync(["admin", "reset-password", "chief", .. CommandLineProcess.Database(connection)], "Remembered-Pass-2");
        Assert.True(code == 0, output);
        Assert.Contains("New password set for chief", output);

        await app.WithToken(await app.TokenFor("chief", "Remembered-Pass-2")).GetJson("/api/v1/admin/users");
        await (await session.GetAsync("/api/v1/auth/me")).Problem(HttpStatusCode.Unauthorized);
        var entry = await app.Db(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).LastAsync());
        Assert.Equal(("command-line", "ResetPassword"), (entry.Actor, entry.Action));
        Assert.DoesNotContain("Remembered-Pass-2", entry.Payload);

        (code, output) = await CommandLineProcess.RunAsync(["admin", "reset-password", "nobody", .. CommandLineProcess.Database(connection)], "Remembered-Pass-3");
        Assert.Equal(1, code);
        Assert.Contains("No user 'nobody'", output);
    }
}
