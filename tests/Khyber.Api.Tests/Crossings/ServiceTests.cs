using System.Net;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Crossings;

public sealed class ServiceTests
{
    [Fact]
    public async Task The_openapi_document_gives_every_endpoint_a_summary()
    {
        await using var app = await TestApp.StartAsync();
        var document = await app.Anonymous().GetJson("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            .ToList();

        Assert.True(operations.Count >= 18, $"only {operations.Count} operations");
        Assert.All(operations, o => Assert.True(
            o.Operation.TryGetProperty("summary", out var s) && s.GetString()!.Length > 10,
            $"{o.Method} {o.Path} has no summary"));
    }

    [Fact]
    public async Task The_health_endpoint_checks_the_database()
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.Anonymous().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_operations_clock_runs_on_the_injected_time()
    {
        await using var app = await TestApp.StartAsync(runClock: true);
        var officer = await app.As("pk.liaison");
        await (await officer.Post("/api/v1/crossings/chaman/notices", new NoticeBuilder().From(app.Time.GetUtcNow().AddHours(25), emergency: false).Build())).Json(HttpStatusCode.Created);

        app.Time.Advance(TimeSpan.FromHours(25));
        // Real time bounds the wait for the background service; the fake clock drives it.
        await Eventually.UntilAsync(
            async () =>
            {
                app.Time.Advance(TimeSpan.FromSeconds(30));
                return await app.Db(db => Task.FromResult(db.Notices.Single().InForceAt is not null));
            },
            announced => announced,
            TimeSpan.FromSeconds(20),
            "the operations clock to announce the notice in force");
    }
}
