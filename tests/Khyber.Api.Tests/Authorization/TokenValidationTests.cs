using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Khyber.Api.Infrastructure;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Khyber.Api.Tests.Authorization;

/// <summary>Only a well-formed token that the server signed, for this API, and not yet expired, lets a caller in.</summary>
public sealed class TokenValidationTests
{
    private const string Me = "/api/v1/auth/me";

    [Fact]
    public async Task A_token_works_until_its_fifteen_minutes_are_up_and_is_refused_with_a_401_problem_after()
    {
        await using var app = await TestApp.StartAsync();
        var token = await app.TokenFor("pk.officer.torkham");

        app.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await Send(app, token)).StatusCode);

        app.Time.Advance(TimeSpan.FromMinutes(2));
        await (await Send(app, token)).Problem(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("not a token at all")]
    [InlineData("three.dotted.parts")]
    [InlineData("signature removed")]
    [InlineData("payload changed")]
    [InlineData("unsigned (alg none)")]
    [InlineData("scheme without a token")]
    [InlineData("basic instead of bearer")]
    public async Task A_malformed_or_tampered_token_is_refused_with_a_401_problem(string kind)
    {
        await using var app = await TestApp.StartAsync();
        var token = await app.TokenFor("pk.liaison");
        var parts = token.Split('.');
        var header = kind switch
        {
            "not a token at all" => new AuthenticationHeaderValue("Bearer", "not-a-token"),
            "three.dotted.parts" => new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.e30.AAAA"),
            "signature removed" => new AuthenticationHeaderValue("Bearer", $"{parts[0]}.{parts[1]}."),
            // The payload made to claim the admin role, keeping the liaison's signature.
            "payload changed" => new AuthenticationHeaderValue("Bearer", $"{parts[0]}.{Base64Url(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"liaison\"", "\"admin\"", StringComparison.Ordinal))}.{parts[2]}"),
            "unsigned (alg none)" => new AuthenticationHeaderValue("Bearer", $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}."),
            "scheme without a token" => new AuthenticationHeaderValue("Bearer"),
            "basic instead of bearer" => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"pk.liaison:{TestDatabase.Password}"))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        Assert.Equal(HttpStatusCode.OK, (await Send(app, token)).StatusCode);

        await (await Send(app, header)).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_forged_with_another_key_is_refused_while_the_same_claims_with_the_servers_key_pass()
    {
        await using var app = await TestApp.StartAsync();
        var serverKey = app.Factory.Services.GetRequiredService<TokenIssuer>().Key;
        var otherKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("another-signing-key-that-is-long-enough-9876543210"));

        // The control proves the forging below makes tokens the server would otherwise accept.
        Assert.Equal(HttpStatusCode.OK, (await Send(app, await Forge(app, serverKey))).StatusCode);

        await (await Send(app, await Forge(app, otherKey))).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_with_the_servers_key_but_without_the_accounts_current_stamp_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        var key = app.Factory.Services.GetRequiredService<TokenIssuer>().Key;
        var token = await Forge(app, key);
        Assert.Equal(HttpStatusCode.OK, (await Send(app, token)).StatusCode);

        // A stamp from before a password change, or none at all: the signature is good, the session is not.
        await (await Send(app, await Forge(app, key, stamp: "a-stamp-the-account-no-longer-has"))).Problem(HttpStatusCode.Unauthorized);
        await (await Send(app, await Forge(app, key, stamp: ""))).Problem(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("another issuer")]
    [InlineData("another audience")]
    [InlineData("expired a minute ago")]
    [InlineData("valid only from tomorrow")]
    public async Task A_token_signed_with_the_servers_key_but_for_someone_else_or_another_time_is_refused(string kind)
    {
        await using var app = await TestApp.StartAsync();
        var key = app.Factory.Services.GetRequiredService<TokenIssuer>().Key;
        var now = app.Time.GetUtcNow();
        var token = kind switch
        {
            "another issuer" => await Forge(app, key, issuer: "someone-else"),
            "another audience" => await Forge(app, key, audience: "another-api"),
            "expired a minute ago" => await Forge(app, key, from: now.AddMinutes(-61), until: now.AddMinutes(-1)),
            "valid only from tomorrow" => await Forge(app, key, from: now.AddDays(1), until: now.AddDays(1).AddHours(1)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        await (await Send(app, token)).Problem(HttpStatusCode.Unauthorized);
    }

    /// <summary>A token for the administrator, with its account's current security stamp and a session of its own going (as the server's own tokens carry them).</summary>
    private static async Task<string> Forge(TestApp app, SecurityKey key, string issuer = TokenIssuer.Issuer, string audience = TokenIssuer.Audience, DateTimeOffset? from = null, DateTimeOffset? until = null, string? stamp = null)
    {
        var now = app.Time.GetUtcNow();
        stamp ??= (await app.Db(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.SecurityStamp).SingleAsync()))!;
        var session = new JsonWebToken(await app.TokenFor("admin")).GetClaim(Sessions.SessionClaim).Value;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, "admin"),
                new Claim(TokenIssuer.RoleClaim, "admin"),
                new Claim(TokenIssuer.StampClaim, stamp),
                new Claim(Sessions.SessionClaim, session),
            ]),
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (from ?? now).UtcDateTime,
            NotBefore = (from ?? now).UtcDateTime,
            Expires = (until ?? now.AddMinutes(30)).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    private static string Base64Url(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));

    private static Task<HttpResponseMessage> Send(TestApp app, string token) => Send(app, new AuthenticationHeaderValue("Bearer", token));

    private static Task<HttpResponseMessage> Send(TestApp app, AuthenticationHeaderValue authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Me);
        request.Headers.Authorization = authorization;
        return app.Anonymous().SendAsync(request);
    }
}
