using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Khyber.Api.Infrastructure;
using Khyber.Api.Tests.Support;
using Khyber.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Khyber.Api.Tests.Security;

/// <summary>
/// The second factor (RFC 6238): enrolment by a secret and its QR code, confirmed by a code; the token endpoint then
/// asking for <c>otp</c>, refusing a code used once and a wrong one (toward the lockout), taking each recovery code
/// once; an account of a role that requires it refused a token until enrolled; an administrator's reset ending the
/// account's sessions. Codes are computed with Otp.NET at the test's fake time.
/// </summary>
public sealed class SecondFactorTests
{
    private const string Officer = "pk.officer.torkham";

    private static readonly Dictionary<string, string> LiaisonsRequired = new() { ["Auth:SecondFactorRoles"] = "liaison" };

    private static string CodeAt(string secret, DateTimeOffset at) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at.UtcDateTime);

    private static Task<HttpResponseMessage> Token(HttpClient client, string user, string? otp) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = TestDatabase.Password, otp });

    /// <summary>Enrols the user through the API at the app's time; answers the secret and the recovery codes.</summary>
    private static async Task<(string Secret, List<string> RecoveryCodes)> Enrol(HttpClient client, DateTimeOffset now)
    {
        var begun = await (await client.PostAsync("/api/v1/auth/second-factor", null)).Json(HttpStatusCode.OK);
        var secret = begun.GetProperty("secret").GetString()!;
        var confirmed = await (await client.PostAsJsonAsync("/api/v1/auth/second-factor/confirmation", new { otp = CodeAt(secret, now) })).Json(HttpStatusCode.OK);
        return (secret, [.. confirmed.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!)]);
    }

    [Fact]
    public async Task Enrolled_then_every_token_needs_a_code_used_once_a_recovery_code_works_once_and_an_administrator_resets_it()
    {
        await using var app = await TestApp.StartAsync(settings: LiaisonsRequired);
        var officer = app.WithToken(await app.TokenFor(Officer, TestDatabase.Password));

        // Begun: a secret, its otpauth URI and QR code; pending, so a password alone still signs in.
        var begun = await (await officer.PostAsync("/api/v1/auth/second-factor", null)).Json(HttpStatusCode.OK);
        var secret = begun.GetProperty("secret").GetString()!;
        Assert.Equal(32, secret.Length);
        Assert.StartsWith("otpauth://totp/", begun.GetProperty("otpAuthUri").GetString(), StringComparison.Ordinal);
        Assert.Contains($"secret={secret}", begun.GetProperty("otpAuthUri").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("data:image/png;base64,", begun.GetProperty("qrCode").GetString(), StringComparison.Ordinal);
        await (await Token(app.Anonymous(), Officer, null)).Json(HttpStatusCode.OK);

        // A wrong code does not confirm it; the current one does, and answers ten recovery codes, stored only as hashes.
        var wrong = CodeAt(secret, app.Time.GetUtcNow().AddMinutes(5));
        await (await officer.PostAsJsonAsync("/api/v1/auth/second-factor/confirmation", new { otp = wrong })).Problem(HttpStatusCode.UnprocessableEntity, "otp");
        var confirmed = await (await officer.PostAsJsonAsync("/api/v1/auth/second-factor/confirmation", new { otp = CodeAt(secret, app.Time.GetUtcNow()) })).Json(HttpStatusCode.OK);
        var recovery = confirmed.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, recovery.Count);
        Assert.All(recovery, c => Assert.Matches("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$", c));
        var stored = await app.Db(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == Officer));
        Assert.Equal(secret, stored.TotpSecret);
        Assert.Equal(app.Time.GetUtcNow(), stored.SecondFactorEnrolledAt);
        Assert.DoesNotContain(recovery, c => stored.RecoveryCodeHashes!.Contains(c, StringComparison.Ordinal));
        Assert.Equal(10, stored.RecoveryCodeHashes!.Split(' ').Length);
        // Recorded as a change of the account; the secret and the codes are in no audit entry.
        Assert.True(await app.Db(db => db.AccountChanges.AnyAsync(c => c.UserName == Officer && c.Change == AccountChangeKind.SecondFactorEnrolled)));
        var payloads = await app.Db(db => db.AuditEntries.AsNoTracking().Select(e => e.Payload).ToListAsync());
        Assert.Contains(await app.Db(db => db.AuditEntries.AsNoTracking().Select(e => e.Action).ToListAsync()), a => a == "ConfirmSecondFactor");
        Assert.DoesNotContain(payloads, p => p.Contains(secret, StringComparison.Ordinal) || recovery.Any(c => p.Contains(c, StringComparison.Ordinal)));

        // Without a code: 401 naming otp, of its own type.
        var missing = await (await Token(app.Anonymous(), Officer, null)).Problem(HttpStatusCode.Unauthorized, "otp");
        Assert.Equal(Problems.SecondFactorRequiredType, missing.GetProperty("type").GetString());
        Assert.Equal("secondFactorRequired", missing.GetProperty("code").GetString());

        // A wrong code: 401, counted as a failed attempt.
        await (await Token(app.Anonymous(), Officer, wrong)).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal(1, await app.Db(db => db.Users.Where(u => u.UserName == Officer).Select(u => u.AccessFailedCount).SingleAsync()));

        // A step later the current code (a fresh one: the confirmation used the first step's) signs in; the same code again is refused.
        app.Time.Advance(TimeSpan.FromSeconds(30));
        var code = CodeAt(secret, app.Time.GetUtcNow());
        var signedIn = await (await Token(app.Anonymous(), Officer, code)).Json(HttpStatusCode.OK);
        Assert.Equal(0, await app.Db(db => db.Users.Where(u => u.UserName == Officer).Select(u => u.AccessFailedCount).SingleAsync()));
        await (await Token(app.Anonymous(), Officer, code)).Problem(HttpStatusCode.Unauthorized);
        // Nor is the code of the step before (within the window, but older than the one used).
        await (await Token(app.Anonymous(), Officer, CodeAt(secret, app.Time.GetUtcNow().AddSeconds(-30)))).Problem(HttpStatusCode.Unauthorized);
        // The next step's code is taken (one step of clock drift either way).
        app.Time.Advance(TimeSpan.FromSeconds(30));
        await (await Token(app.Anonymous(), Officer, CodeAt(secret, app.Time.GetUtcNow().AddSeconds(30)))).Json(HttpStatusCode.OK);

        // A recovery code works once.
        await (await Token(app.Anonymous(), Officer, recovery[3].ToUpperInvariant())).Json(HttpStatusCode.OK);
        await (await Token(app.Anonymous(), Officer, recovery[3])).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal(9, (await app.Db(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == Officer))).RecoveryCodeHashes!.Split(' ').Length);

        // Nor does a password change without a session skip the code.
        var change = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/password", new { username = Officer, currentPassword = TestDatabase.Password, newPassword = "Another-password-2026" });
        await change.Problem(HttpStatusCode.Unauthorized, "otp");

        // A second enrolment while one is enrolled is refused.
        await (await officer.PostAsync("/api/v1/auth/second-factor", null)).Problem(HttpStatusCode.Conflict);

        // An administrator resets it (a lost phone): the account's sessions end, and a password alone signs in again.
        var session = app.WithToken(signedIn.GetProperty("accessToken").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/v1/auth/me")).StatusCode);
        var admin = await app.As("admin");
        var reset = await (await admin.PostAsync($"/api/v1/admin/users/{Officer}/second-factor/reset", null)).Json(HttpStatusCode.OK);
        Assert.False(reset.GetProperty("secondFactorEnrolled").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.True(await app.Db(db => db.AccountChanges.AnyAsync(c => c.UserName == Officer && c.Change == AccountChangeKind.SecondFactorReset && c.By == "admin")));
        Assert.Contains(await app.Db(db => db.AuditEntries.AsNoTracking().Select(e => e.Action).ToListAsync()), a => a == "ResetSecondFactor");
        var cleared = await app.Db(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == Officer));
        Assert.Null(cleared.TotpSecret);
        Assert.Null(cleared.RecoveryCodeHashes);
        await (await Token(app.Anonymous(), Officer, null)).Json(HttpStatusCode.OK);

        // Only an administrator resets one.
        await (await (await app.As("pk.officer.chaman")).PostAsync($"/api/v1/admin/users/{Officer}/second-factor/reset", null)).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_liaison_without_a_second_factor_gets_no_token_once_its_role_requires_one()
    {
        await using var app = await TestApp.StartAsync(settings: LiaisonsRequired);
        var refused = await (await Token(app.Anonymous(), "pk.liaison", null)).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(Problems.SecondFactorEnrolmentRequiredType, refused.GetProperty("type").GetString());
        Assert.Equal("secondFactorEnrolmentRequired", refused.GetProperty("code").GetString());
        // A wrong password is still only a wrong password: the refusal tells nothing to a guesser.
        var guess = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { username = "pk.liaison", password = "not-the-password-1" });
        var problem = await guess.Problem(HttpStatusCode.Unauthorized);
        Assert.False(problem.TryGetProperty("code", out _));
        // Officers are not required: they sign in with a password.
        await (await Token(app.Anonymous(), Officer, null)).Json(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Once_required_an_enrolled_liaison_signs_in_with_its_code_and_cannot_remove_it_while_an_officer_can()
    {
        // The liaison enrolled before the requirement, on an instance without it; a second instance on the same database requires it.
        await using var app = await TestApp.StartAsync();
        var liaison = app.WithToken(await app.TokenFor("pk.liaison", TestDatabase.Password));
        var (secret, _) = await Enrol(liaison, app.Time.GetUtcNow());
        await using var strict = new KhyberFactory(app.Factory.ConnectionString, settings: LiaisonsRequired);
        strict.Time.SetUtcNow(app.Time.GetUtcNow().AddSeconds(30));

        await (await Token(strict.CreateClient(), "pk.liaison", null)).Problem(HttpStatusCode.Unauthorized, "otp");
        var token = (await (await Token(strict.CreateClient(), "pk.liaison", CodeAt(secret, strict.Time.GetUtcNow()))).Json(HttpStatusCode.OK)).GetProperty("accessToken").GetString()!;
        var strictLiaison = strict.CreateClient();
        strictLiaison.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        strict.Time.Advance(TimeSpan.FromSeconds(30));
        using var removal = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/auth/second-factor") { Content = JsonContent.Create(new { otp = CodeAt(secret, strict.Time.GetUtcNow()) }) };
        await (await strictLiaison.SendAsync(removal)).Problem(HttpStatusCode.Forbidden);

        // An officer (not required) removes their own, proving it with a code; a wrong one is refused, naming otp.
        var officer = app.WithToken(await app.TokenFor(Officer, TestDatabase.Password));
        var (officerSecret, _) = await Enrol(officer, app.Time.GetUtcNow());
        using var wrong = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/auth/second-factor") { Content = JsonContent.Create(new { otp = "000000" }) };
        await (await officer.SendAsync(wrong)).Problem(HttpStatusCode.UnprocessableEntity, "otp");
        app.Time.Advance(TimeSpan.FromSeconds(30));
        using var right = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/auth/second-factor") { Content = JsonContent.Create(new { otp = CodeAt(officerSecret, app.Time.GetUtcNow()) }) };
        Assert.Equal(HttpStatusCode.NoContent, (await officer.SendAsync(right)).StatusCode);
        Assert.True(await app.Db(db => db.AccountChanges.AnyAsync(c => c.UserName == Officer && c.Change == AccountChangeKind.SecondFactorRemoved)));
        await (await Token(app.Anonymous(), Officer, null)).Json(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_codes_with_the_right_password_lock_the_account_like_wrong_passwords()
    {
        await using var app = await TestApp.StartAsync();
        var officer = app.WithToken(await app.TokenFor(Officer, TestDatabase.Password));
        var (secret, _) = await Enrol(officer, app.Time.GetUtcNow());
        app.Time.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 5; i++)
        {
            var wrong = CodeAt(secret, app.Time.GetUtcNow()) == "123456" ? "654321" : "123456";
            await (await Token(app.Anonymous(), Officer, wrong)).Problem(HttpStatusCode.Unauthorized);
        }
        var locked = await (await Token(app.Anonymous(), Officer, CodeAt(secret, app.Time.GetUtcNow()))).Problem(HttpStatusCode.Unauthorized);
        Assert.Contains("locked", locked.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
