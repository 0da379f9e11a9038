using System.Net;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.BadInput;

/// <summary>An export asked wrong — kind, days, range, status — is refused with a problem naming the field, and writes nothing.</summary>
public sealed class ExportBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static readonly Dictionary<string, (string Url, HttpStatusCode Status, string Field)> Cases = new()
    {
        ["unknown kind"] = ("/exports/lorries.csv?from=2026-11-01&to=2026-11-28", HttpStatusCode.UnprocessableEntity, "kind"),
        ["kind as a number"] = ("/exports/1.csv?from=2026-11-01&to=2026-11-28", HttpStatusCode.UnprocessableEntity, "kind"),
        ["from after to"] = ("/exports/trucks.csv?from=2026-11-28&to=2026-11-01", HttpStatusCode.UnprocessableEntity, "from"),
        ["more than 366 days"] = ("/exports/trucks.csv?from=2025-11-27&to=2026-11-28", HttpStatusCode.UnprocessableEntity, "to"),
        ["from missing"] = ("/exports/notices.csv?to=2026-11-28", HttpStatusCode.UnprocessableEntity, "from"),
        ["to missing"] = ("/exports/notices.csv?from=2026-11-28", HttpStatusCode.UnprocessableEntity, "to"),
        ["from not a day"] = ("/exports/trucks.csv?from=yesterday&to=2026-11-28", HttpStatusCode.BadRequest, "from"),
        ["to as a time"] = ("/exports/trucks.csv?from=2026-11-01&to=2026-11-28T06:00:00Z", HttpStatusCode.BadRequest, "to"),
        ["to on 30 February"] = ("/exports/trucks.csv?from=2026-02-01&to=2026-02-30", HttpStatusCode.BadRequest, "to"),
        ["unknown status"] = ("/exports/trucks.csv?from=2026-11-01&to=2026-11-28&status=parked", HttpStatusCode.UnprocessableEntity, "status"),
        ["status of an internal step"] = ("/exports/trucks.csv?from=2026-11-01&to=2026-11-28&status=entered", HttpStatusCode.UnprocessableEntity, "status"),
        ["status for notices"] = ("/exports/notices.csv?from=2026-11-01&to=2026-11-28&status=crossed", HttpStatusCode.UnprocessableEntity, "status"),
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
    public async Task A_bad_export_request_is_refused_naming_the_field(string @case)
    {
        var (url, status, field) = Cases[@case];
        var client = await fixture.App.As("pk.liaison");
        var before = await Stored.Of(fixture.App);
        using var response = await client.GetAsync("/api/v1/crossings/torkham" + url);
        ProblemText.TellsNoInternals(await response.Problem(status, field));
        Assert.Equal(before, await Stored.Of(fixture.App));
    }

    [Fact]
    public async Task A_year_of_366_days_is_the_longest_range()
    {
        var client = await fixture.App.As("pk.liaison");
        using var response = await client.GetAsync("/api/v1/crossings/torkham/exports/trucks.csv?from=2025-11-28&to=2026-11-28");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once()
    {
        var client = await fixture.App.As("pk.liaison");
        using var response = await client.GetAsync("/api/v1/crossings/torkham/exports/lorries.csv?from=2026-11-28&to=2026-11-01&status=parked");
        await response.Problem(HttpStatusCode.UnprocessableEntity, "kind");
        await response.Problem(HttpStatusCode.UnprocessableEntity, "from");
    }
}
