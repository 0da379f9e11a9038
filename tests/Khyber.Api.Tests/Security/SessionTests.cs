using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Security;

/// <summary>
/// Sessions that can be ended: short access tokens renewed by refresh tokens that are used once, a replayed refresh
/// token ending its whole session, a user's list of sessions, ending one or all of them, and every change of password
/// or disabling ending them — each refused at the very next request, bearer tokens and page cookies alike.
/// </summary>
public sealed class SessionTests
{
    private const string Me = "/api/v1/auth/me";

    /// <summary>A sign-in through the token endpoint, as it answers.</summary>
    private sealed record Tokens(string Access, string Refresh, Guid Session);

    private static async Task<Tokens> SignIn(TestApp app, string user, string password = TestDatabase.Password)
    {
        var body = await (await app.RequestToken(user, password)).Json(HttpStatusCode.OK);
        return Read(body);
    }

    private static Tokens Read(JsonElement body) =>
        new(body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!, body.GetProperty("sessionId").GetGuid());

    private static Task<HttpResponseMessage> Refresh(TestApp app, string refreshToken) =>
        app.Anonymous().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });

    private static async Task<HttpStatusCode> Status(TestApp app, string access, string path = Me)
    {
        using var response = await app.WithToken(access).GetAsync(path);
        return response.StatusCode;
    }

    private static Task<List<(Guid Family, string? Why, bool Rotated)>> Rows(TestApp app, string user) => app.Db(async db =>
    {
        var id = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
        var rows = await db.Sessions.AsNoTracking().Where(s => s.UserId == id).ToListAsync();
        return rows.OrderBy(s => s.CreatedAt).Select(s => (s.Family, s.RevokedWhy, s.RotatedAt != null)).ToList();
    });

    [Fact]
    public async Task A_sign_in_answers_a_fifteen_minute_token_and_a_refresh_token_that_renews_it_once_stored_only_as_a_hash()
    {
        await using var app = await TestApp.StartAsync();
        var body = await (await app.RequestToken("pk.liaison", TestDatabase.Password)).Json(HttpStatusCode.OK);
        var first = Read(body);
        var now = app.Time.GetUtcNow();
        Assert.Equal(now.AddMinutes(15), body.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(now.AddHours(24), body.GetProperty("refreshExpiresAt").GetDateTimeOffset());

        // The access token has expired; its refresh token renews it in the same session.
        app.Time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(app, first.Access));
        var second = Read(await (await Refresh(app, first.Refresh)).Json(HttpStatusCode.OK));
        Assert.Equal(first.Session, second.Session);
        Assert.NotEqual(first.Refresh, second.Refresh);
        Assert.Equal(HttpStatusCode.OK, await Status(app, second.Access));

        // Neither refresh token is stored, only its hash; the first is retired, the second current.
        var stored = await app.Db(db => db.Sessions.AsNoTracking().Where(s => s.Family == first.Session).OrderBy(s => s.CreatedAt).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.All(stored, s => Assert.Equal(64, s.RefreshTokenHash!.Length));
        Assert.DoesNotContain(stored, s => s.RefreshTokenHash == first.Refresh || s.RefreshTokenHash == second.Refresh);
        Assert.NotNull(stored[0].RotatedAt);
        Assert.Null(stored[1].RotatedAt);
        Assert.All(stored, s => Assert.Null(s.RevokedAt));

        // A refresh token lasts 24 hours after it was issued.
        app.Time.Advance(TimeSpan.FromHours(24));
        await (await Refresh(app, second.Refresh)).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_replayed_refresh_token_ends_its_whole_session_at_once_and_no_other()
    {
        await using var app = await TestApp.StartAsync();
        var stolen = await SignIn(app, "af.liaison");
        var other = await SignIn(app, "af.liaison");

        // The rightful client refreshes; then the thief presents the same (now retired) refresh token.
        var rightful = Read(await (await Refresh(app, stolen.Refresh)).Json(HttpStatusCode.OK));
        var replay = await (await Refresh(app, stolen.Refresh)).Problem(HttpStatusCode.Unauthorized);
        Assert.Contains("already used", replay.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Every token of that sign-in is refused: the access token just issued and the refresh token that came with it.
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(app, rightful.Access));
        await (await Refresh(app, rightful.Refresh)).Problem(HttpStatusCode.Unauthorized);
        Assert.All((await Rows(app, "af.liaison")).Where(r => r.Family == stolen.Session), r => Assert.Equal("refresh-token-reused", r.Why));

        // The user's other session goes on.
        Assert.Equal(HttpStatusCode.OK, await Status(app, other.Access));
        Assert.Equal(HttpStatusCode.OK, (await Refresh(app, other.Refresh)).StatusCode);
        Assert.All((await Rows(app, "af.liaison")).Where(r => r.Family == other.Session), r => Assert.Null(r.Why));
    }

    [Fact]
    public async Task A_refresh_token_that_is_unknown_or_of_an_ended_session_is_refused_as_not_valid_and_ends_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var going = await SignIn(app, "carrier.demo");
        var unknown = await (await Refresh(app, going.Refresh + "x")).Problem(HttpStatusCode.Unauthorized);
        Assert.Contains("unknown, expired", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await Status(app, going.Access));

        using var end = await app.WithToken(going.Access).PostAsync($"/api/v1/auth/sessions/{going.Session}/end", null);
        Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        await (await Refresh(app, going.Refresh)).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal("ended", Assert.Single(await Rows(app, "carrier.demo"), r => r.Family == going.Session).Why);
    }

    [Fact]
    public async Task A_user_lists_only_their_own_sessions_and_ends_one_which_is_refused_at_the_next_request()
    {
        await using var app = await TestApp.StartAsync();
        var phone = await SignIn(app, "pk.officer.torkham");
        var desk = await SignIn(app, "pk.officer.torkham");
        var someoneElse = await SignIn(app, "af.officer.torkham");

        var listed = (await app.WithToken(desk.Access).GetJson("/api/v1/auth/sessions")).EnumerateArray().ToList();
        Assert.Equal(new[] { desk.Session, phone.Session }.Order(), listed.Select(s => s.GetProperty("id").GetGuid()).Order());
        Assert.True(Assert.Single(listed, s => s.GetProperty("id").GetGuid() == desk.Session).GetProperty("current").GetBoolean());
        Assert.False(Assert.Single(listed, s => s.GetProperty("id").GetGuid() == phone.Session).GetProperty("current").GetBoolean());
        Assert.StartsWith("api", listed[0].GetProperty("client").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(listed, s => s.GetProperty("id").GetGuid() == someoneElse.Session);

        // Another user's session is unknown to this one, and keeps working.
        await (await app.WithToken(desk.Access).PostAsync($"/api/v1/auth/sessions/{someoneElse.Session}/end", null)).Problem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, await Status(app, someoneElse.Access));

        using var ended = await app.WithToken(desk.Access).PostAsync($"/api/v1/auth/sessions/{phone.Session}/end", null);
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(app, phone.Access));
        Assert.Equal(HttpStatusCode.OK, await Status(app, desk.Access));
        var left = (await app.WithToken(desk.Access).GetJson("/api/v1/auth/sessions")).EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList();
        Assert.Equal([desk.Session], left);

        // Ending it again: nothing of yours is going under that id.
        await (await app.WithToken(desk.Access).PostAsync($"/api/v1/auth/sessions/{phone.Session}/end", null)).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_token_refresh_token_and_page_cookie_of_the_user_and_is_audited_without_a_token()
    {
        await using var app = await TestApp.StartAsync();
        var one = await SignIn(app, "pk.liaison");
        var two = await SignIn(app, "pk.liaison");
        var page = await PageSessions.SignInAsync(app, "pk.liaison");
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/liaison")).StatusCode);
        var bystander = await SignIn(app, "af.liaison");

        var answer = await (await app.WithToken(one.Access).PostAsync("/api/v1/auth/sign-out-everywhere", null)).Json(HttpStatusCode.OK);
        Assert.Equal(3, answer.GetProperty("sessionsEnded").GetInt32());

        Assert.Equal(HttpStatusCode.Unauthorized, await Status(app, one.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(app, two.Access));
        await (await Refresh(app, one.Refresh)).Problem(HttpStatusCode.Unauthorized);
        await (await Refresh(app, two.Refresh)).Problem(HttpStatusCode.Unauthorized);
        using (var again = await page.GetAsync("/liaison"))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
            Assert.StartsWith("/account/login", again.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        Assert.All(await Rows(app, "pk.liaison"), r => Assert.Equal("signed-out-everywhere", r.Why));
        Assert.Equal(HttpStatusCode.OK, await Status(app, bystander.Access));

        var entries = (await (await app.As("af.liaison")).GetJson("/api/v1/audit?after=0&limit=500")).EnumerateArray().ToList();
        var entry = Assert.Single(entries, e => e.GetProperty("action").GetString() == "SignOutEverywhere");
        Assert.Equal("pk.liaison", entry.GetProperty("actor").GetString());
        var payload = entry.GetProperty("payload").GetString()!;
        Assert.Contains("SignedOutEverywhere", payload, StringComparison.Ordinal);
        foreach (var secret in new[] { one.Refresh, two.Refresh, one.Access, one.Session.ToString() })
        {
            Assert.DoesNotContain(secret, payload, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("password changed", "password-changed")]
    [InlineData("password reset", "password-reset")]
    [InlineData("disabled", "disabled")]
    public async Task A_change_of_password_a_reset_or_disabling_ends_every_session_refresh_tokens_included(string change, string why)
    {
        await using var app = await TestApp.StartAsync();
        var admin = await app.As("admin");
        var created = await (await admin.Post("/api/v1/admin/users", new UserBuilder().Named("pk.officer.gul").Officer("PK", "torkham").Build())).Json(HttpStatusCode.Created);
        var oneTime = created.GetProperty("oneTimePassword").GetString()!;
        const string Own = "Own-pass-2027!";
        await (await app.Anonymous().PostAsJsonAsync("/api/v1/auth/password", new { username = "pk.officer.gul", currentPassword = oneTime, newPassword = Own })).Json(HttpStatusCode.OK);
        var before = await SignIn(app, "pk.officer.gul", Own);
        Assert.Equal(HttpStatusCode.OK, await Status(app, before.Access));

        JsonElement? answer = change switch
        {
            "password changed" => await (await app.WithToken(before.Access).PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = Own, newPassword = "Newer-pass-2028!" })).Json(HttpStatusCode.OK),
            "password reset" => await (await admin.Post("/api/v1/admin/users/pk.officer.gul/password-reset", null)).Json(HttpStatusCode.OK),
            "disabled" => await (await admin.Post("/api/v1/admin/users/pk.officer.gul/disable", null)).Json(HttpStatusCode.OK),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        Assert.Equal(HttpStatusCode.Unauthorized, await Status(app, before.Access));
        await (await Refresh(app, before.Refresh)).Problem(HttpStatusCode.Unauthorized);
        var rows = await Rows(app, "pk.officer.gul");
        Assert.All(rows.Where(r => r.Family == before.Session), r => Assert.Equal(why, r.Why));
        if (change == "password changed")
        {
            // The change answers a token of a new session, which works.
            var fresh = Read(answer.Value);
            Assert.NotEqual(before.Session, fresh.Session);
            Assert.Equal(HttpStatusCode.OK, await Status(app, fresh.Access));
            Assert.Equal(HttpStatusCode.OK, (await Refresh(app, fresh.Refresh)).StatusCode);
        }
    }

    [Fact]
    public async Task Signing_out_of_the_pages_ends_that_page_session_so_a_copy_of_its_cookie_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await SignIn(app, "carrier.demo");
        using var browser = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var (cookies, token) = await Form(browser, "/account/login", "");
        using var login = await browser.SendAsync(Post("/account/login", cookies, new() { ["username"] = "carrier.demo", ["password"] = TestDatabase.Password, ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        // The session cookie as issued, kept aside as a thief would keep a copy.
        var session = cookies + "; " + string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith("khyber.session", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(Get("/carrier", session))).StatusCode);
        var pageSession = Assert.Single((await app.WithToken(carrier.Access).GetJson("/api/v1/auth/sessions")).EnumerateArray(), s => s.GetProperty("client").GetString()!.StartsWith("pages", StringComparison.Ordinal)).GetProperty("id").GetGuid();

        var (_, logoutToken) = await Form(browser, "/account/logout", session);
        using var logout = await browser.SendAsync(Post("/account/logout", session, new() { ["__RequestVerificationToken"] = logoutToken }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        using var copy = await browser.SendAsync(Get("/carrier", session));
        Assert.Equal(HttpStatusCode.Redirect, copy.StatusCode);
        Assert.StartsWith("/account/login", copy.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("signed-out", Assert.Single(await Rows(app, "carrier.demo"), r => r.Family == pageSession).Why);
        Assert.Equal(HttpStatusCode.OK, await Status(app, carrier.Access));
    }

    /// <summary>A page's form: the anti-forgery cookie (added to <paramref name="cookies"/>) and the token in the form.</summary>
    private static async Task<(string Cookies, string Token)> Form(HttpClient browser, string path, string cookies)
    {
        using var page = await browser.SendAsync(Get(path, cookies));
        var html = await page.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var set = page.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(c => c.Split(';')[0]) : [];
        return (string.Join("; ", new[] { cookies }.Where(c => c.Length > 0).Concat(set)), token);
    }

    private static HttpRequestMessage Get(string path, string cookies)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookies.Length > 0)
        {
            request.Headers.Add("Cookie", cookies);
        }
        return request;
    }

    private static HttpRequestMessage Post(string path, string cookies, Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("Cookie", cookies);
        return request;
    }

    [Fact]
    public async Task An_access_token_without_a_session_or_of_another_users_session_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        var liaison = await SignIn(app, "pk.liaison");
        var officer = await SignIn(app, "pk.officer.torkham");
        Assert.Equal(HttpStatusCode.OK, await Status(app, liaison.Access));

        // The session ended: the token still bears a good signature and the account's stamp, and is refused.
        using var end = await app.WithToken(liaison.Access).PostAsync($"/api/v1/auth/sessions/{liaison.Session}/end", null);
        Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        using var refused = await app.WithToken(liaison.Access).GetAsync(Me);
        var problem = await refused.Problem(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, await Status(app, officer.Access));
        Assert.NotNull(problem.GetProperty("title").GetString());
    }
}
