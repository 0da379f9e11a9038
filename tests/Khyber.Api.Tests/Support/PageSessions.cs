using System.Net;
using System.Text.RegularExpressions;

namespace Khyber.Api.Tests.Support;

/// <summary>The web pages as a signed-in user's browser would fetch them (a cookie session through the login form).</summary>
public static partial class PageSessions
{
    public static async Task<HttpClient> SignInAsync(TestApp app, string user)
    {
        var client = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = app.BaseUrl ?? new Uri("http://localhost") });
        var form = await client.GetStringAsync("/account/login");
        var token = Antiforgery().Match(form).Groups["token"].Value;
        using var login = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = user, ["password"] = TestDatabase.Password, ["__RequestVerificationToken"] = token,
        }));
        // A client on a real port follows the redirect to the user's home page itself.
        var home = login.StatusCode == HttpStatusCode.OK && login.RequestMessage?.RequestUri?.AbsolutePath != "/account/login";
        Assert.True(login.StatusCode == HttpStatusCode.Redirect || home, $"page sign-in as {user}: {(int)login.StatusCode}");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Antiforgery();
}
