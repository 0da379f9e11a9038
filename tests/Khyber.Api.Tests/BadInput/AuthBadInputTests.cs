using Khyber.Api.Tests.Support;
using static Khyber.Api.Tests.BadInput.BadFields;

namespace Khyber.Api.Tests.BadInput;

/// <summary>
/// A token request with a bad field is refused naming it, before any password is checked: no failed
/// sign-in is counted against the account, so bad input cannot lock anyone out.
/// </summary>
public sealed class AuthBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static readonly BadFields Cases = new()
    {
        { "username missing", b => b.Remove("username"), Invalid, "username" },
        { "username null", b => b["username"] = null, Invalid, "username" },
        { "username empty", b => b["username"] = "", Invalid, "username" },
        { "username blank", b => b["username"] = "   ", Invalid, "username" },
        { "username too long", b => b["username"] = "carrier.demo" + Long(250), Invalid, "username" },
        { "username a number", b => b["username"] = 42, Malformed, "username" },
        { "username an object", b => b["username"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "carrier.demo" }, Malformed, "username" },
        { "password missing", b => b.Remove("password"), Invalid, "password" },
        { "password null", b => b["password"] = null, Invalid, "password" },
        { "password empty", b => b["password"] = "", Invalid, "password" },
        { "password too long", b => b["password"] = Long(257), Invalid, "password" },
        { "password a number", b => b["password"] = 12345678, Malformed, "password" },
        { "password a boolean", b => b["password"] = true, Malformed, "password" },
        { "unknown field", b => b["rememberMe"] = true, Malformed, "rememberMe" },
    };

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_token_request_with_one_bad_field_is_refused_naming_the_field_and_counts_no_failed_sign_in(string @case)
    {
        var app = fixture.App;
        var (change, status, field) = Cases[@case];
        var body = new System.Text.Json.Nodes.JsonObject { ["username"] = "carrier.demo", ["password"] = TestDatabase.Password };
        change(body);
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await app.Anonymous().Post("/api/v1/auth/token", body)).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
    }
}
