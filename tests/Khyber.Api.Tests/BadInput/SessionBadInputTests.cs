using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Khyber.Api.Tests.BadInput.BadFields;

namespace Khyber.Api.Tests.BadInput;

/// <summary>
/// A refresh request with a bad field is refused naming it, and uses nothing up: the refresh token sent beside it — a
/// real one — still renews its session afterwards, and no session ended.
/// </summary>
public sealed class SessionBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static readonly BadFields Cases = new()
    {
        { "refreshToken missing", b => b.Remove("refreshToken"), Invalid, "refreshToken" },
        { "refreshToken null", b => b["refreshToken"] = null, Invalid, "refreshToken" },
        { "refreshToken empty", b => b["refreshToken"] = "", Invalid, "refreshToken" },
        { "refreshToken blank", b => b["refreshToken"] = "   ", Invalid, "refreshToken" },
        { "refreshToken too long", b => b["refreshToken"] = Long(257), Invalid, "refreshToken" },
        { "refreshToken a number", b => b["refreshToken"] = 42, Malformed, "refreshToken" },
        { "refreshToken a boolean", b => b["refreshToken"] = true, Malformed, "refreshToken" },
        { "refreshToken an array", b => b["refreshToken"] = new JsonArray("a", "b"), Malformed, "refreshToken" },
        { "refreshToken an object", b => b["refreshToken"] = new JsonObject { ["token"] = "x" }, Malformed, "refreshToken" },
        { "unknown field", b => b["sessionId"] = Guid.NewGuid().ToString(), Malformed, "sessionId" },
    };

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_refresh_request_with_one_bad_field_is_refused_naming_the_field_and_uses_up_no_refresh_token(string @case)
    {
        var app = fixture.App;
        var (change, status, field) = Cases[@case];
        var signIn = await (await app.RequestToken("pk.officer.chaman", TestDatabase.Password)).Json(System.Net.HttpStatusCode.OK);
        var refreshToken = signIn.GetProperty("refreshToken").GetString()!;
        var body = new JsonObject { ["refreshToken"] = refreshToken };
        change(body);
        var before = await Stored.Of(app);
        var rotated = await app.Db(db => db.Sessions.CountAsync(s => s.RotatedAt != null));

        ProblemText.TellsNoInternals(await (await app.Anonymous().Post("/api/v1/auth/refresh", body)).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
        Assert.Equal(rotated, await app.Db(db => db.Sessions.CountAsync(s => s.RotatedAt != null)));
        await (await app.Anonymous().Post("/api/v1/auth/refresh", new JsonObject { ["refreshToken"] = refreshToken })).Json(System.Net.HttpStatusCode.OK);
    }
}
