using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Khyber.Web.Tests.Support;

/// <summary>The server's HTTP API, called from a web test as another client would, over the same address and port.</summary>
public static class ApiClient
{
    /// <summary>A client of the running server with no token.</summary>
    public static HttpClient Client(this BrowserApp app) => new() { BaseAddress = new Uri(app.BaseUrl) };

    /// <summary>Asks for a token: <c>POST /api/v1/auth/token</c>.</summary>
    public static Task<HttpResponseMessage> RequestTokenAsync(this HttpClient client, string user, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password });

    /// <summary>A client signed in as the user with a bearer token.</summary>
    public static async Task<HttpClient> ApiAsAsync(this BrowserApp app, string user)
    {
        var client = app.Client();
        var response = await client.RequestTokenAsync(user, app.Password);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token for {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Posts JSON and expects 201 Created; returns the body.</summary>
    public static async Task<JsonElement> CreateAsync(this HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A valid truck registration for <c>POST /api/v1/trucks</c>.</summary>
    public static object Truck(string plate, string crossing = "torkham", string direction = "PK-AF") => new
    {
        crossingId = crossing,
        direction,
        plate,
        registrationCountry = "PK",
        driver = new { name = "Gul Zaman", documentNumber = "PK7781234" },
        cargo = new { description = "Portland cement", hsCode = "252329", category = "general", valueUsd = 12000, weightKg = 20000 },
    };
}
