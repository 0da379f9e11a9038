using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Security;

/// <summary>
/// Two server processes on one database, as behind a load balancer: a session ended through one is refused by the
/// other at its very next request — bearer tokens, refresh tokens and page cookies alike — with no cache to wait for.
/// </summary>
public sealed partial class SessionInstanceTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Demo:Enabled"] = "true",
        ["Demo:HistoryDays"] = "0",
        ["Demo:Password"] = TestDatabase.Password,
        ["Auth:SigningKey"] = "session-instances-signing-key-long-enough",
        ["Auth:PasswordHashIterations"] = "1000",
        ["RateLimits:SignInPerAddressPerMinute"] = "100000",
    };

    [Fact]
    public async Task A_session_ended_on_one_instance_is_refused_at_once_on_the_other_and_a_refresh_replayed_on_one_ends_it_on_both()
    {
        var connection = await TestDatabase.CreateEmptyAsync();
        await using var a = new ServerProcess(connection, Settings);
        await a.StartAsync();
        await using var b = new ServerProcess(connection, Settings);
        await b.StartAsync();
        using var http = new HttpClient();

        // A token from A works on B; ended through A, it is refused by B at the next request.
        var first = await SignIn(http, a, "pk.liaison");
        Assert.Equal(HttpStatusCode.OK, await Me(http, b, first.Access));
        using (var end = await Send(http, HttpMethod.Post, a, $"/api/v1/auth/sessions/{first.Session}/end", first.Access))
        {
            Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(http, b, first.Access));

        // A refresh token used on A and replayed on B ends the session on both.
        var second = await SignIn(http, b, "pk.liaison");
        var renewed = await Refresh(http, a, second.Refresh);
        Assert.Equal(HttpStatusCode.OK, renewed.Status);
        Assert.Equal(HttpStatusCode.OK, await Me(http, b, renewed.Tokens!.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(http, b, second.Refresh)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(http, a, renewed.Tokens.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(http, b, renewed.Tokens.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(http, a, renewed.Tokens.Refresh)).Status);

        // A page session begun on B; signing out everywhere through A closes B's pages too.
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler);
        var form = await browser.GetStringAsync(new Uri(b.Url, "/account/login"));
        using (var signIn = await browser.PostAsync(new Uri(b.Url, "/account/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "pk.liaison",
            ["password"] = TestDatabase.Password,
            ["__RequestVerificationToken"] = Antiforgery().Match(form).Groups[1].Value,
        })))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }
        using (var page = await browser.GetAsync(new Uri(b.Url, "/liaison")))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        var third = await SignIn(http, a, "pk.liaison");
        using (var everywhere = await Send(http, HttpMethod.Post, a, "/api/v1/auth/sign-out-everywhere", third.Access))
        {
            Assert.Equal(HttpStatusCode.OK, everywhere.StatusCode);
            Assert.Equal(2, (await everywhere.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionsEnded").GetInt32());
        }
        using (var page = await browser.GetAsync(new Uri(b.Url, "/liaison")))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(http, b, third.Access));
    }

    private sealed record Tokens(string Access, string Refresh, Guid Session);

    private static Tokens Read(JsonElement body) =>
        new(body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!, body.GetProperty("sessionId").GetGuid());

    private static async Task<Tokens> SignIn(HttpClient http, ServerProcess server, string user)
    {
        using var response = await http.PostAsJsonAsync(new Uri(server.Url, "/api/v1/auth/token"), new { username = user, password = TestDatabase.Password });
        response.EnsureSuccessStatusCode();
        return Read(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<(HttpStatusCode Status, Tokens? Tokens)> Refresh(HttpClient http, ServerProcess server, string refreshToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(server.Url, "/api/v1/auth/refresh"), new { refreshToken });
        return (response.StatusCode, response.IsSuccessStatusCode ? Read(await response.Content.ReadFromJsonAsync<JsonElement>()) : null);
    }

    private static async Task<HttpStatusCode> Me(HttpClient http, ServerProcess server, string access)
    {
        using var response = await Send(http, HttpMethod.Get, server, "/api/v1/auth/me", access);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, ServerProcess server, string path, string access)
    {
        var request = new HttpRequestMessage(method, new Uri(server.Url, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        return http.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
