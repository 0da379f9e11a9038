using System.Net;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.BadInput;

/// <summary>Bad query strings and ids that name nothing: a problem (naming the parameter where there is one), and nothing written.</summary>
public sealed class QueryBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static readonly string Nobody = Guid.NewGuid().ToString();

    private static readonly Dictionary<string, (string? User, string Method, string Url, HttpStatusCode Status, string[] Fields)> Cases = new()
    {
        ["trucks by unknown direction and status"] = ("pk.liaison", "GET", "/api/v1/trucks?direction=XX&status=nope", HttpStatusCode.UnprocessableEntity, ["direction", "status"]),
        ["trucks by a status number"] = ("carrier.demo", "GET", "/api/v1/trucks?status=1", HttpStatusCode.UnprocessableEntity, ["status"]),
        ["trucks by an empty direction"] = ("carrier.demo", "GET", "/api/v1/trucks?direction=", HttpStatusCode.UnprocessableEntity, ["direction"]),
        ["unknown crossing"] = (null, "GET", "/api/v1/crossings/nope", HttpStatusCode.NotFound, []),
        ["stranded at an unknown crossing"] = (null, "GET", "/api/v1/crossings/nope/stranded", HttpStatusCode.NotFound, []),
        ["notices of an unknown crossing"] = (null, "GET", "/api/v1/notices?crossing=nope", HttpStatusCode.NotFound, []),
        ["queue of an unknown direction"] = ("pk.officer.torkham", "GET", "/api/v1/crossings/torkham/queue/XX-YY", HttpStatusCode.NotFound, []),
        ["queue of an unknown crossing"] = ("pk.liaison", "GET", "/api/v1/crossings/nope/queue/PK-AF", HttpStatusCode.NotFound, []),
        ["call in an unknown direction"] = ("pk.officer.torkham", "POST", "/api/v1/crossings/torkham/queue/XX-YY/call", HttpStatusCode.NotFound, []),
        ["call at an unknown crossing"] = ("pk.officer.torkham", "POST", "/api/v1/crossings/nope/queue/PK-AF/call", HttpStatusCode.NotFound, []),
        ["notice for an unknown crossing"] = ("pk.liaison", "POST", "/api/v1/crossings/nope/notices", HttpStatusCode.NotFound, []),
        ["unknown truck"] = ("pk.liaison", "GET", $"/api/v1/trucks/{Nobody}", HttpStatusCode.NotFound, []),
        ["truck id that is not a guid"] = ("pk.liaison", "GET", "/api/v1/trucks/PES1234", HttpStatusCode.NotFound, []),
        ["arrival of an unknown truck"] = ("carrier.demo", "POST", $"/api/v1/trucks/{Nobody}/arrival", HttpStatusCode.NotFound, []),
        ["cancellation of an unknown truck"] = ("carrier.demo", "POST", $"/api/v1/trucks/{Nobody}/cancellation", HttpStatusCode.NotFound, []),
        ["exit of an unknown truck"] = ("pk.officer.torkham", "POST", $"/api/v1/trucks/{Nobody}/exit", HttpStatusCode.NotFound, []),
        ["entry of an unknown truck"] = ("af.officer.torkham", "POST", $"/api/v1/trucks/{Nobody}/entry", HttpStatusCode.NotFound, []),
        ["rejection of an unknown truck"] = ("pk.officer.torkham", "POST", $"/api/v1/trucks/{Nobody}/rejection", HttpStatusCode.NotFound, []),
        ["unknown notice"] = (null, "GET", $"/api/v1/notices/{Nobody}", HttpStatusCode.NotFound, []),
        ["acknowledgement of an unknown notice"] = ("pk.liaison", "POST", $"/api/v1/notices/{Nobody}/acknowledgement", HttpStatusCode.NotFound, []),
        ["notices by active=maybe"] = (null, "GET", "/api/v1/notices?active=maybe", HttpStatusCode.UnprocessableEntity, ["active"]),
        ["notices by acknowledged=yes"] = (null, "GET", "/api/v1/notices?acknowledged=yes", HttpStatusCode.UnprocessableEntity, ["acknowledged"]),
        ["incidents of an unknown crossing"] = (null, "GET", "/api/v1/incidents?crossing=nope", HttpStatusCode.NotFound, []),
        ["unknown incident"] = (null, "GET", $"/api/v1/incidents/{Nobody}", HttpStatusCode.NotFound, []),
        ["response to an unknown incident"] = ("af.liaison", "POST", $"/api/v1/incidents/{Nobody}/responses", HttpStatusCode.NotFound, []),
        ["unknown meeting"] = (null, "GET", $"/api/v1/meetings/{Nobody}", HttpStatusCode.NotFound, []),
        ["unknown agreement"] = ("pk.liaison", "GET", $"/api/v1/agreements/{Nobody}", HttpStatusCode.NotFound, []),
        ["commitment in an unknown agreement"] = ("pk.liaison", "POST", $"/api/v1/agreements/{Nobody}/commitments", HttpStatusCode.NotFound, []),
        ["unknown commitment"] = ("pk.liaison", "GET", $"/api/v1/commitments/{Nobody}", HttpStatusCode.NotFound, []),
        ["report on an unknown commitment"] = ("pk.liaison", "POST", $"/api/v1/commitments/{Nobody}/reports", HttpStatusCode.NotFound, []),
        ["dispute of an unknown commitment"] = ("af.liaison", "POST", $"/api/v1/commitments/{Nobody}/disputes", HttpStatusCode.NotFound, []),
        ["commitments by unknown side and status"] = ("pk.liaison", "GET", "/api/v1/commitments?side=IN&status=late", HttpStatusCode.UnprocessableEntity, ["side", "status"]),
        ["commitments by a status number"] = ("pk.liaison", "GET", "/api/v1/commitments?status=2", HttpStatusCode.UnprocessableEntity, ["status"]),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys)
        {
            data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_bad_query_or_an_id_that_names_nothing_gets_a_problem_and_writes_nothing(string @case)
    {
        var app = fixture.App;
        var (user, method, url, status, fields) = Cases[@case];
        var client = user is null ? app.Anonymous() : await app.As(user);
        var before = await Stored.Of(app);

        // The POSTs carry a valid body, so that only the route's ids are wrong.
        using var response = method == "GET" ? await client.GetAsync(url) : await client.Post(url, ValidBody(url));

        ProblemText.TellsNoInternals(await response.Problem(status, fields.FirstOrDefault()));
        foreach (var field in fields.Skip(1))
        {
            await response.Problem(status, field);
        }
        Assert.Equal(before, await Stored.Of(app));
    }

    private static object? ValidBody(string url) =>
        url.EndsWith("/call", StringComparison.Ordinal) ? new { count = 1 }
        : url.EndsWith("/rejection", StringComparison.Ordinal) ? new { reason = "Seal broken." }
        : url.EndsWith("/notices", StringComparison.Ordinal) ? new NoticeBuilder().Build()
        : url.EndsWith("/acknowledgement", StringComparison.Ordinal) ? new { }
        : url.EndsWith("/responses", StringComparison.Ordinal) ? new { stance = "dispute", statement = "Not so." }
        : url.EndsWith("/commitments", StringComparison.Ordinal) ? new { obligorSide = "PK", text = "Resume transit trucks." }
        : url.EndsWith("/reports", StringComparison.Ordinal) ? new { status = "done", evidence = "Done." }
        : url.EndsWith("/disputes", StringComparison.Ordinal) ? new { statement = "Not kept." }
        : null;
}
