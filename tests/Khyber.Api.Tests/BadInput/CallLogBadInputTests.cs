using System.Net;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.BadInput;

/// <summary>
/// The public call log refuses a direction or crossing that is not there; a page it cannot give (<c>after</c>,
/// <c>limit</c>) is refused as on every list (<see cref="PagingBadInputTests"/>).
/// </summary>
public sealed class CallLogBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static readonly Dictionary<string, (string Url, HttpStatusCode Status, string? Field)> Cases = new()
    {
        ["unknown direction"] = ("/api/v1/crossings/torkham/queue/XX-YY/calls", HttpStatusCode.NotFound, null),
        ["direction in lower case words"] = ("/api/v1/crossings/torkham/queue/pakistan-afghanistan/calls", HttpStatusCode.NotFound, null),
        ["unknown crossing"] = ("/api/v1/crossings/nope/queue/PK-AF/calls", HttpStatusCode.NotFound, null),
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
