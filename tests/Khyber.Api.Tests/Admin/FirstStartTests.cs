using System.Net;
using Khyber.Api.Tests.Support;
using Khyber.Api.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Khyber.Api.Tests.Admin;

/// <summary>
/// A server started on a database without an administrator: it creates one from <c>Admin:InitialUser</c> and a password
/// file (as a container's secrets are mounted), or says in its log and on its status board exactly what to run.
/// </summary>
public sealed class FirstStartTests : IDisposable
{
    private const string Password = "Kabul-Peshawar-9";

    private readonly string _passwordFile = Path.Combine(Path.GetTempPath(), $"khyber-admin-password-{Guid.NewGuid():N}");

    public FirstStartTests() => File.WriteAllText(_passwordFile, Password + "\n");

    public void Dispose() => File.Delete(_passwordFile);

    private Dictionary<string, string> Initial(string user = "chief") => new()
    {
        ["Admin:InitialUser"] = user,
        ["Admin:InitialPasswordFile"] = _passwordFile,
    };

    [Fact]
    public async Task The_start_option_creates_the_first_administrator_and_logs_it_without_the_password()
    {
        await using var app = await TestApp.StartEmptyAsync(Initial());

        var me = await app.WithToken(await app.TokenFor("chief", Password)).GetJson("/api/v1/auth/me");
        Assert.Equal(("admin", true), (me.GetProperty("role").GetString(), me.GetProperty("side").ValueKind == System.Text.Json.JsonValueKind.Null));
        var logs = app.Factory.Logs.ToList();
        Assert.Contains(logs, l => l.Level == LogLevel.Information && l.Message.Contains("Created the first administrator chief", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Message.Contains(Password, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Level >= LogLevel.Warning && l.Message.Contains("no administrator", StringComparison.Ordinal));

        var entry = Assert.Single(await app.Db(db => db.AuditEntries.AsNoTracking().ToListAsync()));
        Assert.Equal(("server-start", "InitializeAdministrator"), (entry.Actor, entry.Action));
        Assert.DoesNotContain(Password, entry.Payload);
        Assert.DoesNotContain("No administrator yet", await app.Anonymous().GetStringAsync("/"));
    }

    [Fact]
    public async Task The_start_option_leaves_an_existing_administrator_alone()
    {
        await using var app = await TestApp.StartAsync(settings: Initial("second.chief"));
        Assert.False(await app.Db(db => db.Users.AnyAsync(u => u.UserName == "second.chief")));
        Assert.Contains(app.Factory.Logs, l => l.Message.Contains("an administrator exists", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_without_an_administrator_warns_and_shows_on_the_status_board_what_to_run()
    {
        await using var app = await TestApp.StartEmptyAsync(new Dictionary<string, string>());
        var warning = Assert.Single(app.Factory.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("no administrator", StringComparison.Ordinal));
        var command = FirstStart.Command(app.Factory.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>());
        Assert.Contains(command, warning.Message);
        Assert.StartsWith("./khyber admin init --user admin ", command);
        Assert.Contains(TestDatabase.IsPostgres ? "--postgres" : ".db", command);

        var board = await app.Anonymous().GetStringAsync("/");
        Assert.Contains("No administrator yet", board);
        Assert.Contains(command, WebUtility.HtmlDecode(board));

        // Once there is one, the panel goes.
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<InitializeAdministrator>().HandleAsync("test", "chief", Password, null, CancellationToken.None);
        }
        Assert.DoesNotContain("No administrator yet", await app.Anonymous().GetStringAsync("/"));
    }

    [Fact]
    public async Task A_half_set_option_or_a_weak_password_stops_the_server_with_the_reason()
    {
        var half = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartEmptyAsync(new Dictionary<string, string> { ["Admin:InitialUser"] = "chief" }));
        Assert.Contains("Set both Admin:InitialUser and Admin:InitialPasswordFile", half.ToString());

        await File.WriteAllTextAsync(_passwordFile, "weak");
        var weak = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartEmptyAsync(Initial()));
        Assert.Contains("The first administrator cannot be created", weak.ToString());
        Assert.Contains("Passwords must be at least 8 characters", weak.ToString());
    }
}
