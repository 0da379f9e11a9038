using System.Net;
using Khyber.Api.Infrastructure;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.BadInput;

/// <summary>Every list refuses a cursor that is not one of its own (400 naming <c>after</c>) and a limit out of range (422 naming <c>limit</c>), writing nothing.</summary>
public sealed class PagingBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    /// <summary>Each list: who reads it, its address, and its largest page.</summary>
    private static readonly Dictionary<string, (string? User, string Url, int Max)> Lists = new()
    {
        ["notices"] = (null, "/api/v1/notices?crossing=torkham", 1000),
        ["trucks"] = ("pk.liaison", "/api/v1/trucks?crossing=torkham", 1000),
        ["incidents"] = (null, "/api/v1/incidents", 1000),
        ["meetings"] = (null, "/api/v1/meetings", 1000),
        ["agreements"] = ("pk.liaison", "/api/v1/agreements", 1000),
        ["commitments"] = ("pk.liaison", "/api/v1/commitments?side=PK", 1000),
        ["webhooks"] = ("pk.liaison", "/api/v1/webhooks", 1000),
        ["stranded history"] = (null, "/api/v1/crossings/torkham/stranded/history", 5000),
        ["call log"] = (null, "/api/v1/crossings/torkham/queue/PK-AF/calls", 500),
        ["deliveries"] = ("pk.liaison", $"/api/v1/webhooks/{Webhook}/deliveries", 1000),
        ["audit"] = ("pk.liaison", "/api/v1/audit", 5000),
    };

    /// <summary>Stands in a list's address for the webhook whose deliveries it lists, made by the first case that needs it.</summary>
    private const string Webhook = "{webhook}";

    /// <summary>Cursors that no list gave: not base64url, not JSON, JSON of the wrong shape, another list's key.</summary>
    private static readonly Dictionary<string, string> Cursors = new()
    {
        ["not base64url"] = "%%%",
        ["base64 with padding and plus"] = "ab+/cd==",
        ["base64url of text"] = Paging.Cursor("hello"),
        ["base64url of null"] = "bnVsbA",
        ["a key with a field missing"] = Paging.Cursor(new { At = DateTimeOffset.UnixEpoch }),
        ["a key with a field too many"] = Paging.Cursor(new { At = DateTimeOffset.UnixEpoch, Id = Guid.Empty, Extra = 1 }),
        ["another list's key"] = "",
        ["empty"] = "",
        ["a plain number"] = "3",
        ["a key's number as text"] = "eyJOdW1iZXIiOiIzIn0",
        ["Arabic-Indic digits"] = "١٢",
    };

    public static TheoryData<string, string> CursorCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var list in Lists.Keys.Where(l => l != "audit"))
        {
            foreach (var cursor in Cursors.Keys)
            {
                data.Add(list, cursor);
            }
        }
        return data;
    }

    public static TheoryData<string, string, HttpStatusCode> LimitCases()
    {
        var data = new TheoryData<string, string, HttpStatusCode>();
        foreach (var (list, (_, _, max)) in Lists)
        {
            data.Add(list, "0", HttpStatusCode.UnprocessableEntity);
            data.Add(list, "-1", HttpStatusCode.UnprocessableEntity);
            data.Add(list, (max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), HttpStatusCode.UnprocessableEntity);
            data.Add(list, "ten", HttpStatusCode.BadRequest);
            data.Add(list, "1.5", HttpStatusCode.BadRequest);
            data.Add(list, "99999999999", HttpStatusCode.BadRequest);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CursorCases))]
    public async Task A_cursor_the_list_did_not_give_is_refused_naming_after(string list, string cursor)
    {
        var (user, url) = await Address(list);
        // Meetings and agreements are keyed by a day, a time and an id; every other list by a time and an id (or a number).
        var value = cursor != "another list's key" ? Cursors[cursor]
            : list is "meetings" or "agreements" ? Paging.Cursor(new TimeKey(DateTimeOffset.UnixEpoch, Guid.Empty))
            : Paging.Cursor(new DayKey(new DateOnly(2026, 11, 28), DateTimeOffset.UnixEpoch, Guid.Empty));
        var escaped = cursor == "not base64url" ? value : Uri.EscapeDataString(value);
        // The stranded history is keyed by a number: a key of times and ids is not one of its cursors either.
        await Refused(user, $"{url}{(url.Contains('?', StringComparison.Ordinal) ? "&" : "?")}after={escaped}", HttpStatusCode.BadRequest, "after");
    }

    [Fact]
    public async Task The_audit_log_reads_after_as_a_sequence_number()
    {
        await Refused("pk.liaison", "/api/v1/audit?after=eyJBdCI6MH0", HttpStatusCode.BadRequest, "after");
    }

    [Theory]
    [MemberData(nameof(LimitCases))]
    public async Task A_limit_out_of_range_or_not_a_whole_number_is_refused_naming_limit(string list, string limit, HttpStatusCode status)
    {
        var (user, url) = await Address(list);
        await Refused(user, $"{url}{(url.Contains('?', StringComparison.Ordinal) ? "&" : "?")}limit={limit}", status, "limit");
    }

    [Fact]
    public async Task A_bad_limit_is_named_beside_the_other_bad_filters()
    {
        var client = await fixture.App.As("pk.liaison");
        using var response = await client.GetAsync("/api/v1/trucks?status=parked&limit=0");
        await response.Problem(HttpStatusCode.UnprocessableEntity, "status");
        await response.Problem(HttpStatusCode.UnprocessableEntity, "limit");
    }

    private async Task<(string? User, string Url)> Address(string list)
    {
        var (user, url, _) = Lists[list];
        if (url.Contains(Webhook, StringComparison.Ordinal))
        {
            var id = await fixture.Subject(async app =>
            {
                var body = new { url = "http://127.0.0.1:9/hook", events = new[] { "notice" }, secret = "0123456789abcdef-paging" };
                return (await (await (await app.As("pk.liaison")).Post("/api/v1/webhooks", body)).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            });
            url = url.Replace(Webhook, id.ToString(), StringComparison.Ordinal);
        }
        return (user, url);
    }

    private async Task Refused(string? user, string url, HttpStatusCode status, string field)
    {
        var app = fixture.App;
        var client = user is null ? app.Anonymous() : await app.As(user);
        var before = await Stored.Of(app);
        using var response = await client.GetAsync(url);
        ProblemText.TellsNoInternals(await response.Problem(status, field));
        Assert.Equal(before, await Stored.Of(app));
    }
}
