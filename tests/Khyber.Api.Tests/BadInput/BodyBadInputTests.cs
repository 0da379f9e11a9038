using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.BadInput;

/// <summary>Bodies that are not a JSON object at all, on every route that takes one: a problem, and nothing written.</summary>
public sealed class BodyBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    /// <summary>The routes with a body: who calls, and where ({truck} is a waiting truck of carrier.demo at Torkham).</summary>
    private static readonly Dictionary<string, (string? User, string Url)> Routes = new()
    {
        ["token"] = (null, "/api/v1/auth/token"),
        ["notice"] = ("af.officer.torkham", "/api/v1/crossings/torkham/notices"),
        ["truck registration"] = ("carrier.demo", "/api/v1/trucks"),
        ["rejection"] = ("pk.officer.torkham", "/api/v1/trucks/{truck}/rejection"),
        ["call"] = ("pk.officer.torkham", "/api/v1/crossings/torkham/queue/PK-AF/call"),
    };

    /// <summary>The bodies: content type, text, and the answer.</summary>
    private static readonly Dictionary<string, (string ContentType, string Text, HttpStatusCode Status, string? Field)> Bodies = new()
    {
        ["malformed JSON"] = ("application/json", "{,}", HttpStatusCode.BadRequest, "body"),
        ["single quotes"] = ("application/json", "{'count': 1}", HttpStatusCode.BadRequest, "body"),
        ["trailing garbage"] = ("application/json", "{} and more", HttpStatusCode.BadRequest, "body"),
        ["empty body"] = ("application/json", "", HttpStatusCode.BadRequest, "body"),
        ["a JSON array"] = ("application/json", "[{\"count\": 1}]", HttpStatusCode.BadRequest, "body"),
        ["JSON null"] = ("application/json", "null", HttpStatusCode.BadRequest, "body"),
        ["a JSON string"] = ("application/json", "\"count=1\"", HttpStatusCode.BadRequest, "body"),
        ["an unknown extra field"] = ("application/json", "{\"callerNotes\": \"x\"}", HttpStatusCode.BadRequest, "callerNotes"),
        ["a form instead of JSON"] = ("application/x-www-form-urlencoded", "count=1", HttpStatusCode.UnsupportedMediaType, null),
        ["plain text"] = ("text/plain", "{\"count\": 1}", HttpStatusCode.UnsupportedMediaType, null),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes.Keys)
        {
            foreach (var body in Bodies.Keys)
            {
                data.Add(route, body);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_body_that_is_not_a_json_object_of_the_request_is_refused_with_a_problem_and_nothing_is_written(string route, string body)
    {
        var app = fixture.App;
        var truck = await fixture.Subject(WaitingTruck);
        var (user, url) = Routes[route];
        var (contentType, text, status, field) = Bodies[body];
        var client = user is null ? app.Anonymous() : await app.As(user);
        var request = new HttpRequestMessage(HttpMethod.Post, url.Replace("{truck}", truck.ToString(), StringComparison.Ordinal))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(text)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("Idempotency-Key", $"bad-{Guid.NewGuid():N}");
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await client.SendAsync(request)).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
    }

    private static async Task<Guid> WaitingTruck(TestApp app)
    {
        var carrier = await app.As("carrier.demo");
        var truck = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        var id = truck.GetProperty("id").GetGuid();
        await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        return id;
    }
}
