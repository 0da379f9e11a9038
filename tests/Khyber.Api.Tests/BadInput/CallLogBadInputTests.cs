using System.Net;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.BadInput;

/// <summary>The public call log refuses what it cannot read: a direction or crossing that is not there, a page it cannot give — naming the parameter.</summary>
public sealed class CallLogBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static readonly Dictionary<string, (string Url, HttpStatusCode Status, string? Field)> Cases = new()
    {
        ["unknown direction"] = ("/api/v1/crossings/torkham/queue/XX-YY/calls", HttpStatusCode.NotFound, null),
        ["direction in lower case words"] = ("/api/v1/crossings/torkham/queue/pakistan-afghanistan/calls", HttpStatusCode.NotFound, null),
        ["unknown crossing"] = ("/api/v1/crossings/nope/queue/PK-AF/calls", HttpStatusCode.NotFound, null),
        ["limit zero"] = ("/api/v1/crossings/torkham/queue/PK-AF/calls?limit=0", HttpStatusCode.UnprocessableEntity, "limit"),
        ["limit negative"] = ("/api/v1/crossings/torkham/queue/PK-AF/calls?limit=-5", HttpStatusCode.UnprocessableEntity, "limit"),
        ["limit above 500"] = ("/api/v1/crossings/torkham/queue/PK-AF/calls?limit=501", HttpStatusCode.UnprocessableEntity, "limit"),
        ["limit a word"] = ("/api/v1/crossings/torkham/queue/PK-AF/calls?limit=all", HttpStatusCode.BadRequest, "limit"),
        ["limit a fraction"] = ("/api/v1/crossings/torkham/queue/PK-AF/calls?limit=1.5", HttpStatusCode.BadRequest, "limit"),
        ["limit beyond int"] = ("/api/v1/crossings/torkham/queue/PK-AF/calls?limit=4294967296", HttpStatusCode.BadRequest, "limit"),
        ["after a plain call number"] = ("/api/v1/crossings/torkham/queue/PK-AF/calls?after=3", HttpStatusCode.BadRequest, "after"),
        ["after a cursor of another list"] = ($"/api/v1/crossings/torkham/queue/PK-AF/calls?after={Khyber.Api.Infrastructure.Paging.Cursor(new Khyber.Api.Infrastructure.TimeKey(KhyberFactory.Start, Guid.Empty))}", HttpStatusCode.BadRequest, "after"),
        ["after a cursor with a number as text"] = ("/api/v1/crossings/torkham/queue/PK-AF/calls?after=eyJOdW1iZXIiOiIzIn0", HttpStatusCode.BadRequest, "after"),
        ["after not base64"] = ("/api/v1/crossings/torkham/queue/PK-AF/calls?after=%25%25%25", HttpStatusCode.BadRequest, "after"),
        ["after with Arabic-Indic digits"] = ("/api/v1/crossings/torkham/queue/PK-AF/calls?after=١٢", HttpStatusCode.BadRequest, "after"),
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
    public async Task A_bad_call_log_request_is_refused_naming_its_parameter_and_writes_nothing(string @case)
    {
        var app = fixture.App;
        var (url, status, field) = Cases[@case];
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await app.Anonymous().GetAsync(url)).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
    }
}
