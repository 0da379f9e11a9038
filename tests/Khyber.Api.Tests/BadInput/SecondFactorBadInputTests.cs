using System.Net;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Khyber.Api.Tests.BadInput.BadFields;

namespace Khyber.Api.Tests.BadInput;

/// <summary>
/// A confirmation of a second factor, and a token request, with a bad <c>otp</c> are refused naming it: the pending
/// enrolment stays pending with its secret, and no failed attempt is counted against the account.
/// </summary>
public sealed class SecondFactorBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private const string User = "pk.officer.chaman";

    private static readonly BadFields Confirmations = new()
    {
        { "otp missing", b => b.Remove("otp"), Invalid, "otp" },
        { "otp null", b => b["otp"] = null, Invalid, "otp" },
        { "otp empty", b => b["otp"] = "", Invalid, "otp" },
        { "otp five digits", b => b["otp"] = "12345", Invalid, "otp" },
        { "otp seven digits", b => b["otp"] = "1234567", Invalid, "otp" },
        { "otp letters", b => b["otp"] = "abcdef", Invalid, "otp" },
        { "otp Arabic-Indic digits", b => b["otp"] = "١٢٣٤٥٦", Invalid, "otp" },
        { "otp a recovery code", b => b["otp"] = "abcd-efgh-jkmn", Invalid, "otp" },
        { "otp too long", b => b["otp"] = Long(300), Invalid, "otp" },
        { "otp a number", b => b["otp"] = 123456, Malformed, "otp" },
        { "otp a boolean", b => b["otp"] = true, Malformed, "otp" },
        { "otp an array", b => b["otp"] = new JsonArray("1", "2"), Malformed, "otp" },
        { "otp an object", b => b["otp"] = new JsonObject { ["code"] = "123456" }, Malformed, "otp" },
        { "unknown field", b => b["secret"] = "JBSWY3DPEHPK3PXP", Malformed, "secret" },
    };

    private static readonly BadFields Tokens = new()
    {
        { "otp too long", b => b["otp"] = Long(33), Invalid, "otp" },
        { "otp a number", b => b["otp"] = 123456, Malformed, "otp" },
        { "otp a boolean", b => b["otp"] = false, Malformed, "otp" },
        { "otp an array", b => b["otp"] = new JsonArray("123456"), Malformed, "otp" },
        { "otp an object", b => b["otp"] = new JsonObject { ["otp"] = "123456" }, Malformed, "otp" },
    };

    public static TheoryData<string> ConfirmationNames => Confirmations.Names();

    public static TheoryData<string> TokenNames => Tokens.Names();

    [Theory]
    [MemberData(nameof(ConfirmationNames))]
    public async Task A_confirmation_with_a_bad_otp_is_refused_naming_it_and_the_enrolment_stays_pending(string @case)
    {
        var app = fixture.App;
        var (change, status, field) = Confirmations[@case];
        var client = await app.As(User);
        var secret = (await (await client.PostAsync("/api/v1/auth/second-factor", null)).Json(HttpStatusCode.OK)).GetProperty("secret").GetString();
        var body = new JsonObject { ["otp"] = "123456" };
        change(body);
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await client.Post("/api/v1/auth/second-factor/confirmation", body)).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
        var user = await app.Db(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == User));
        Assert.Equal(secret, user.TotpSecret);
        Assert.Null(user.SecondFactorEnrolledAt);
        Assert.Null(user.RecoveryCodeHashes);
    }

    [Theory]
    [MemberData(nameof(TokenNames))]
    public async Task A_token_request_with_a_bad_otp_is_refused_naming_it_and_counts_no_failed_attempt(string @case)
    {
        var app = fixture.App;
        var (change, status, field) = Tokens[@case];
        var body = new JsonObject { ["username"] = "af.officer.torkham", ["password"] = TestDatabase.Password, ["otp"] = "123456" };
        change(body);
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await app.Anonymous().Post("/api/v1/auth/token", body)).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
        Assert.Equal(0, await app.Db(db => db.Users.Where(u => u.UserName == "af.officer.torkham").Select(u => u.AccessFailedCount).SingleAsync()));
    }
}
