using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Admin;

/// <summary>
/// Administrators open accounts with one-time passwords, disable and enable them, unlock them and reset their passwords,
/// through the real API; a disabled account's token, and the token of an account whose password changed, are refused at once.
/// </summary>
public sealed partial class UserAdministrationTests
{
    private const string NewPassword = "Spin-Boldak-77";

    [GeneratedRegex("^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$")]
    private static partial Regex OneTimePasswordShape();

    private static async Task<(JsonElement User, string Password)> Create(TestApp app, string admin, UserBuilder user)
    {
        var created = await (await (await app.As(admin)).Post("/api/v1/admin/users", user.Build())).Json(HttpStatusCode.Created);
        return (created.GetProperty("user"), created.GetProperty("oneTimePassword").GetString()!);
    }

    private static Task<HttpResponseMessage> ChangePassword(HttpClient client, string? username, string current, string next) =>
        client.Post("/api/v1/auth/password", username is null
            ? new { currentPassword = current, newPassword = next }
            : new { username, currentPassword = current, newPassword = next });

    /// <summary>Every audit entry, as the Pakistani liaison reads them.</summary>
    private static async Task<List<JsonElement>> Audit(TestApp app) =>
        (await (await app.As("pk.liaison")).GetJson("/api/v1/audit?after=0&limit=500")).EnumerateArray().ToList();

    [Fact]
    public async Task An_officer_account_opened_by_an_administrator_signs_in_only_after_its_one_time_password_is_changed()
    {
        await using var app = await TestApp.StartAsync();
        var (user, oneTime) = await Create(app, "admin", new UserBuilder().Named("pk.officer.shahwali").Officer("PK", "torkham"));
        Assert.Matches(OneTimePasswordShape(), oneTime);
        Assert.Equal(("pk.officer.shahwali", "officer", "PK", "torkham"),
            (user.GetProperty("username").GetString(), user.GetProperty("role").GetString(), user.GetProperty("side").GetString(), user.GetProperty("crossingId").GetString()));
        Assert.True(user.GetProperty("passwordChangeRequired").GetBoolean());
        Assert.True(user.GetProperty("enabled").GetBoolean());

        // The one-time password is right, but it serves only to choose a new one.
        var refused = await (await app.RequestToken("pk.officer.shahwali", oneTime)).Problem(HttpStatusCode.Forbidden);
        Assert.Equal("passwordChangeRequired", refused.GetProperty("code").GetString());
        await (await app.RequestToken("pk.officer.shahwali", "Wrong-pass-1")).Problem(HttpStatusCode.Unauthorized);

        var changed = await (await ChangePassword(app.Anonymous(), "pk.officer.shahwali", oneTime, NewPassword)).Json(HttpStatusCode.OK);
        var me = await app.WithToken(changed.GetProperty("accessToken").GetString()!).GetJson("/api/v1/auth/me");
        Assert.Equal(("officer", "PK", "torkham"), (me.GetProperty("role").GetString(), me.GetProperty("side").GetString(), me.GetProperty("crossingId").GetString()));
        await (await app.RequestToken("pk.officer.shahwali", oneTime)).Problem(HttpStatusCode.Unauthorized);
        var officer = app.WithToken(await app.TokenFor("pk.officer.shahwali", NewPassword));
        await (await officer.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);

        // Audited without a secret: the entries name the account, never a password, a hash or a stamp.
        var entries = await Audit(app);
        var created = Assert.Single(entries, e => e.GetProperty("action").GetString() == "CreateUser");
        Assert.Equal("admin", created.GetProperty("actor").GetString());
        Assert.Contains("\"UserName\":\"pk.officer.shahwali\"", created.GetProperty("payload").GetString());
        var own = Assert.Single(entries, e => e.GetProperty("action").GetString() == "ChangePassword");
        Assert.Equal(("pk.officer.shahwali", "PK"), (own.GetProperty("actor").GetString(), own.GetProperty("side").GetString()));
        var stored = await app.Db(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "pk.officer.shahwali"));
        foreach (var entry in entries)
        {
            var payload = entry.GetProperty("payload").GetString()!;
            Assert.DoesNotContain(oneTime, payload);
            Assert.DoesNotContain(NewPassword, payload);
            Assert.DoesNotContain(stored.PasswordHash!, payload);
            Assert.DoesNotContain(stored.SecurityStamp!, payload);
        }
        Assert.False(stored.PasswordChangeRequired);
    }

    [Fact]
    public async Task A_disabled_accounts_token_is_refused_at_once_and_enabling_it_again_needs_a_new_sign_in()
    {
        await using var app = await TestApp.StartAsync();
        var token = await app.TokenFor("af.officer.torkham", TestDatabase.Password);
        var officer = app.WithToken(token);
        await officer.GetJson("/api/v1/auth/me");
        var admin = await app.As("admin");

        var disabled = await (await admin.Post("/api/v1/admin/users/af.officer.torkham/disable", null)).Json(HttpStatusCode.OK);
        Assert.False(disabled.GetProperty("enabled").GetBoolean());

        // The same token, well within its hour: refused at the very next request.
        await (await officer.GetAsync("/api/v1/auth/me")).Problem(HttpStatusCode.Unauthorized);
        await (await officer.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Problem(HttpStatusCode.Unauthorized);
        var refused = await (await app.RequestToken("af.officer.torkham", TestDatabase.Password)).Problem(HttpStatusCode.Forbidden);
        Assert.Equal("accountDisabled", refused.GetProperty("code").GetString());
        Assert.Equal(0, await app.Db(db => db.Notices.CountAsync()));

        var enabled = await (await admin.Post("/api/v1/admin/users/af.officer.torkham/enable", null)).Json(HttpStatusCode.OK);
        Assert.True(enabled.GetProperty("enabled").GetBoolean());
        // The old token stays ended; a new sign-in works.
        await (await officer.GetAsync("/api/v1/auth/me")).Problem(HttpStatusCode.Unauthorized);
        await app.WithToken(await app.TokenFor("af.officer.torkham", TestDatabase.Password)).GetJson("/api/v1/auth/me");

        var actions = (await Audit(app)).Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("action").GetString())).ToList();
        Assert.Contains(("admin", "DisableUser"), actions);
        Assert.Contains(("admin", "EnableUser"), actions);
        var changes = await app.Db(db => db.AccountChanges.AsNoTracking().Where(c => c.UserName == "af.officer.torkham").OrderBy(c => c.At).Select(c => c.Change.ToString()).ToListAsync());
        Assert.Equal(new[] { "Disabled", "Enabled" }, changes);
    }

    [Fact]
    public async Task A_password_reset_ends_the_users_sessions_unlocks_the_account_and_asks_for_a_new_password()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = app.WithToken(await app.TokenFor("carrier.demo", TestDatabase.Password));
        for (var i = 0; i < 5; i++)
        {
            await (await app.RequestToken("carrier.demo", "Not-the-password-1")).Problem(HttpStatusCode.Unauthorized);
        }
        var locked = await (await app.RequestToken("carrier.demo", TestDatabase.Password)).Problem(HttpStatusCode.Unauthorized);
        Assert.Contains("locked", locked.GetProperty("detail").GetString());
        var admin = await app.As("admin");
        Assert.True((await admin.GetJson("/api/v1/admin/users/carrier.demo")).GetProperty("lockedOut").GetBoolean());

        var reset = await (await admin.Post("/api/v1/admin/users/carrier.demo/password-reset", null)).Json(HttpStatusCode.OK);
        var oneTime = reset.GetProperty("oneTimePassword").GetString()!;
        Assert.Matches(OneTimePasswordShape(), oneTime);
        Assert.False(reset.GetProperty("user").GetProperty("lockedOut").GetBoolean());
        Assert.True(reset.GetProperty("user").GetProperty("passwordChangeRequired").GetBoolean());

        await (await carrier.GetAsync("/api/v1/trucks")).Problem(HttpStatusCode.Unauthorized);
        await (await app.RequestToken("carrier.demo", TestDatabase.Password)).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal("passwordChangeRequired", (await (await app.RequestToken("carrier.demo", oneTime)).Problem(HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        await (await ChangePassword(app.Anonymous(), "carrier.demo", oneTime, NewPassword)).Json(HttpStatusCode.OK);
        await app.WithToken(await app.TokenFor("carrier.demo", NewPassword)).GetJson("/api/v1/trucks");

        var entry = Assert.Single(await Audit(app), e => e.GetProperty("action").GetString() == "ResetPassword");
        Assert.DoesNotContain(oneTime, entry.GetProperty("payload").GetString());
        Assert.Contains("\"Change\":\"PasswordReset\"", entry.GetProperty("payload").GetString());
    }

    [Fact]
    public async Task Unlocking_ends_a_lockout_before_its_fifteen_minutes()
    {
        await using var app = await TestApp.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await (await app.RequestToken("pk.liaison", "Not-the-password-1")).Problem(HttpStatusCode.Unauthorized);
        }
        await (await app.RequestToken("pk.liaison", TestDatabase.Password)).Problem(HttpStatusCode.Unauthorized);

        var unlocked = await (await (await app.As("admin")).Post("/api/v1/admin/users/pk.liaison/unlock", null)).Json(HttpStatusCode.OK);
        Assert.False(unlocked.GetProperty("lockedOut").GetBoolean());
        await app.WithToken(await app.TokenFor("pk.liaison", TestDatabase.Password)).GetJson("/api/v1/auth/me");
        Assert.Contains(await Audit(app), e => e.GetProperty("action").GetString() == "UnlockUser");
    }

    [Fact]
    public async Task A_user_changing_their_own_password_ends_their_other_sessions()
    {
        await using var app = await TestApp.StartAsync();
        var phone = app.WithToken(await app.TokenFor("pk.officer.chaman", TestDatabase.Password));
        var desk = app.WithToken(await app.TokenFor("pk.officer.chaman", TestDatabase.Password));

        // A wrong current password changes nothing, and counts as a failed sign-in.
        await (await ChangePassword(desk, null, "Not-the-password-1", NewPassword)).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal(1, await app.Db(db => db.Users.Where(u => u.UserName == "pk.officer.chaman").Select(u => u.AccessFailedCount).SingleAsync()));
        // A session changes its own account's password only.
        await (await ChangePassword(desk, "pk.liaison", TestDatabase.Password, NewPassword)).Problem(HttpStatusCode.UnprocessableEntity, "username");

        var changed = await (await ChangePassword(desk, null, TestDatabase.Password, NewPassword)).Json(HttpStatusCode.OK);
        await app.WithToken(changed.GetProperty("accessToken").GetString()!).GetJson("/api/v1/auth/me");
        await (await phone.GetAsync("/api/v1/auth/me")).Problem(HttpStatusCode.Unauthorized);
        await (await desk.GetAsync("/api/v1/auth/me")).Problem(HttpStatusCode.Unauthorized);
        await (await app.RequestToken("pk.officer.chaman", TestDatabase.Password)).Problem(HttpStatusCode.Unauthorized);
        await app.TokenFor("pk.officer.chaman", NewPassword);
    }

    [Fact]
    public async Task An_administrator_of_a_side_manages_its_own_sides_officials_and_every_carrier_but_not_the_other_side()
    {
        await using var app = await TestApp.StartAsync();
        var pk = await app.As("pk.admin");

        await Create(app, "pk.admin", new UserBuilder().Named("pk.officer.new").Officer("PK", "chaman"));
        await Create(app, "pk.admin", new UserBuilder().Named("pk.liaison.new").Liaison("PK"));
        await Create(app, "pk.admin", new UserBuilder().Named("pk.admin.new").Admin("PK"));
        await Create(app, "pk.admin", new UserBuilder().Named("spin.ghar.dispatch").Carrier("spin-ghar"));
        foreach (var other in new[] { new UserBuilder().Named("af.officer.new").Officer("AF"), new UserBuilder().Named("af.liaison.new").Liaison("AF"),
                     new UserBuilder().Named("af.admin.new").Admin("AF"), new UserBuilder().Named("system.admin.new").Admin(null) })
        {
            await (await pk.Post("/api/v1/admin/users", other.Build())).Problem(HttpStatusCode.Forbidden);
        }

        foreach (var route in new[] { "disable", "unlock", "password-reset" })
        {
            await (await pk.Post($"/api/v1/admin/users/af.officer.torkham/{route}", null)).Problem(HttpStatusCode.Forbidden);
            await (await pk.Post($"/api/v1/admin/users/af.admin/{route}", null)).Problem(HttpStatusCode.Forbidden);
            await (await pk.Post($"/api/v1/admin/users/admin/{route}", null)).Problem(HttpStatusCode.Forbidden);
        }
        await (await pk.Post("/api/v1/admin/users/pk.officer.chaman/disable", null)).Json(HttpStatusCode.OK);
        await (await pk.Post("/api/v1/admin/users/carrier2.demo/password-reset", null)).Json(HttpStatusCode.OK);

        // It sees every account, and is told which it may manage.
        var users = (await pk.GetJson("/api/v1/admin/users")).EnumerateArray().ToDictionary(u => u.GetProperty("username").GetString()!, u => u.GetProperty("mayManage").GetBoolean());
        Assert.True(users["pk.officer.torkham"]);
        Assert.True(users["carrier.demo"]);
        Assert.False(users["af.officer.torkham"]);
        Assert.False(users["af.liaison"]);
        Assert.False(users["admin"]);

        // The system administrator manages both sides.
        await (await (await app.As("admin")).Post("/api/v1/admin/users/af.officer.torkham/disable", null)).Json(HttpStatusCode.OK);
        await (await (await app.As("af.admin")).Post("/api/v1/admin/users/af.officer.torkham/enable", null)).Json(HttpStatusCode.OK);

        Assert.False(await app.Db(db => db.Users.AnyAsync(u => u.UserName!.StartsWith("af.") && u.UserName.EndsWith(".new") || u.UserName == "system.admin.new")));
        var entry = Assert.Single(await Audit(app), e => e.GetProperty("action").GetString() == "DisableUser" && e.GetProperty("actor").GetString() == "pk.admin");
        Assert.Equal("PK", entry.GetProperty("side").GetString());
    }

    [Fact]
    public async Task An_administrator_cannot_disable_their_own_account_and_unknown_accounts_are_not_found()
    {
        await using var app = await TestApp.StartAsync();
        var admin = await app.As("admin");
        await (await admin.Post("/api/v1/admin/users/admin/disable", null)).Problem(HttpStatusCode.Conflict);
        await (await admin.Post("/api/v1/admin/users/nobody.here/disable", null)).Problem(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/api/v1/admin/users/nobody.here")).Problem(HttpStatusCode.NotFound);
        await admin.GetJson("/api/v1/auth/me");
    }

    [Fact]
    public async Task A_carrier_account_belongs_to_its_company_and_sees_only_its_trucks()
    {
        await using var app = await TestApp.StartAsync();
        var (user, oneTime) = await Create(app, "af.admin", new UserBuilder().Named("spin.ghar.night").Carrier("spin-ghar"));
        Assert.Equal("spin-ghar", user.GetProperty("carrierId").GetString());
        await (await ChangePassword(app.Anonymous(), "spin.ghar.night", oneTime, NewPassword)).Json(HttpStatusCode.OK);
        var night = app.WithToken(await app.TokenFor("spin.ghar.night", NewPassword));
        var truck = await (await night.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        Assert.Equal("spin-ghar", truck.GetProperty("carrierId").GetString());
        // The company's other account sees it; another company's does not.
        Assert.Single((await (await app.As("carrier2.demo")).GetJson("/api/v1/trucks")).EnumerateArray());
        Assert.Empty((await (await app.As("carrier.demo")).GetJson("/api/v1/trucks")).EnumerateArray());
    }
}
