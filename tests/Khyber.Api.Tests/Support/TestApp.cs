using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Khyber.Api.Queue;
using Khyber.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Khyber.Api.Tests.Support;

/// <summary>One test's own application and database; disposed at the end of the test.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset ExpiresAt)> _tokens = new();

    private TestApp(KhyberFactory factory) => Factory = factory;

    public KhyberFactory Factory { get; }

    public FakeTimeProvider Time => Factory.Time;

    /// <param name="services">Replaces services of the application, such as the host resolver of the webhook tests.</param>
    public static async Task<TestApp> StartAsync(bool runClock = false, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var connection = await TestDatabase.CreateAsync();
        var app = new TestApp(new KhyberFactory(connection, runClock, settings, services: services));
        // Build the host now, so that migrations run before the test's first request.
        _ = app.Factory.Server;
        return app;
    }

    /// <summary>
    /// The application on a real loopback port (Kestrel), for a gateway outside the process to call back — Kannel
    /// with delivery reports and drivers' texts — still on the fake clock.
    /// </summary>
    public static async Task<TestApp> StartListeningAsync(int port, IReadOnlyDictionary<string, string> settings)
    {
        var connection = await TestDatabase.CreateAsync();
        var all = new Dictionary<string, string>(settings) { ["Sms:CallbackUrl"] = $"http://127.0.0.1:{port}" };
        var app = new TestApp(new KhyberFactory(connection, runClock: false, all));
        app.Factory.UseKestrel(port);
        app.Factory.StartServer();
        app.BaseUrl = new Uri($"http://127.0.0.1:{port}");
        app.Factory.ClientOptions.BaseAddress = app.BaseUrl;
        return app;
    }

    /// <summary>Where the application listens when started with <see cref="StartListeningAsync"/>.</summary>
    public Uri? BaseUrl { get; private set; }

    /// <summary>An application on an empty database, started with extra settings (such as the demo switch).</summary>
    public static async Task<TestApp> StartEmptyAsync(IReadOnlyDictionary<string, string> settings, string environment = "Testing")
    {
        var connection = await TestDatabase.CreateEmptyAsync();
        var app = new TestApp(new KhyberFactory(connection, runClock: false, settings, environment));
        try
        {
            _ = app.Factory.Server;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>An application on a database the test made itself (by the command line, say); dropped at the end like the others.</summary>
    public static TestApp On(string connection, IReadOnlyDictionary<string, string>? settings = null)
    {
        var app = new TestApp(new KhyberFactory(connection, runClock: false, settings));
        _ = app.Factory.Server;
        return app;
    }

    public HttpClient Anonymous() => Factory.CreateClient();

    /// <summary>A client that sends this bearer token on every request (and nothing else signs it in).</summary>
    public HttpClient WithToken(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Asks the token endpoint for a token with this password; the answer as it comes.</summary>
    public Task<HttpResponseMessage> RequestToken(string user, string password) =>
        Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { username = user, password });

    /// <summary>A token for a user with this password (not the demo one), issued now.</summary>
    public async Task<string> TokenFor(string user, string password) =>
        (await (await RequestToken(user, password)).Json(HttpStatusCode.OK)).GetProperty("accessToken").GetString()!;

    /// <summary>
    /// A client signed in as a demo user through the real token endpoint. Each request carries a token
    /// valid at the fake clock's current time, so a test may move time by days.
    /// </summary>
    public Task<HttpClient> As(string user) =>
        Task.FromResult(Factory.CreateDefaultClient(new SignedIn(this, user)));

    /// <summary>A token for the user, issued at the current fake time.</summary>
    public async Task<string> TokenFor(string user)
    {
        var now = Time.GetUtcNow();
        if (_tokens.TryGetValue(user, out var cached) && cached.ExpiresAt > now.AddMinutes(1))
        {
            return cached.Token;
        }
        var response = await Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = TestDatabase.Password });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"login as {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = (body.GetProperty("accessToken").GetString()!, body.GetProperty("expiresAt").GetDateTimeOffset());
        _tokens[user] = token;
        return token.Item1;
    }

    private sealed class SignedIn(TestApp app, string user) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", await app.TokenFor(user));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Runs what the operations clock runs every 30 s: notices into force, no-shows, spoilage, stranded points.</summary>
    public async Task TickAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OperationsTick>().RunAsync(CancellationToken.None);
    }

    /// <summary>Runs what the evaluation clock runs every ten minutes: every measured commitment's days that are over and not yet measured.</summary>
    public async Task<int> EvaluateAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Khyber.Api.Commitments.EvaluateCommitments>().RunAsync(CancellationToken.None);
    }

    /// <summary>Runs what the retention clock runs every hour: erasing drivers of registrations that ended past the retention.</summary>
    public async Task<Khyber.Api.Privacy.ErasedPersonalData> EraseAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Khyber.Api.Privacy.ErasePersonalData>().RunAsync(CancellationToken.None);
    }

    /// <summary>Direct access to the database, for checks that must not go through the API.</summary>
    public async Task<T> Db<T>(Func<KhyberDb, Task<T>> query)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<KhyberDb>());
    }

    /// <summary>
    /// Writes test data straight into the database, without audit entries or events: for history in bulk (a week of
    /// exits) that no request of the test is about. Change detection is off; add whole new rows.
    /// </summary>
    public async Task BulkAsync(Func<KhyberDb, Task> write)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await using KhyberDb db = TestDatabase.IsPostgres
            ? new PostgresKhyberDb(scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.DbContextOptions<PostgresKhyberDb>>())
            : new SqliteKhyberDb(scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.DbContextOptions<SqliteKhyberDb>>());
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await write(db);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await TestDatabase.DropAsync(Factory.ConnectionString);
    }
}

/// <summary>Small helpers for JSON over HTTP.</summary>
public static class Http
{
    public static Task<HttpResponseMessage> Post(this HttpClient client, string url, object? body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (body is not null)
        {
            var json = body as string ?? JsonSerializer.Serialize(body, body.GetType(), JsonOptions);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return client.SendAsync(request);
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static async Task<JsonElement> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJson(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.GetAsync(url)).Json(expected);

    /// <summary>Asserts an RFC 9457 problem with the status, naming <paramref name="field"/> among its errors when given.</summary>
    public static async Task<JsonElement> Problem(this HttpResponseMessage response, HttpStatusCode expected, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
                $"the problem does not name the field '{field}': {text}");
        }
        return problem;
    }

    public static JsonNode Node(object o) => JsonSerializer.SerializeToNode(o, JsonOptions)!;
}
