using System.Net;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Demo;

public sealed class DemoRegisterTests
{
    private static readonly Dictionary<string, string> DemoOn = new()
    {
        ["Demo:Enabled"] = "true",
        ["Demo:HistoryDays"] = "0",
        ["Demo:Password"] = TestDatabase.Password,
    };

    [Fact]
    public async Task The_torkham_closure_cites_the_exchange_of_fire_and_the_commitment_afghanistan_disputes_and_the_kabul_meeting_followed()
    {
        await using var app = await TestApp.StartEmptyAsync(DemoOn);
        var now = app.Time.GetUtcNow();

        var closure = Assert.Single((await app.Anonymous().GetJson("/api/v1/notices?crossing=torkham&acknowledged=false")).EnumerateArray());
        Assert.Equal(("AF", "commitment-dispute"), (closure.GetProperty("side").GetString(), closure.GetProperty("reasonCategory").GetString()));
        var incidentId = Assert.Single(closure.GetProperty("incidentIds").EnumerateArray()).GetGuid();
        var commitmentId = Assert.Single(closure.GetProperty("commitmentIds").EnumerateArray()).GetGuid();
        var closureId = closure.GetProperty("id").GetString()!;

        // The exchange of fire: reported by Pakistan, one Pakistani guard injured, disputed by Afghanistan, before the closure.
        var fire = await app.Anonymous().GetJson($"/api/v1/incidents/{incidentId}");
        Assert.Equal(("torkham", "PK", "exchange-of-fire", "dispute"), (fire.GetProperty("crossingId").GetString(), fire.GetProperty("side").GetString(), fire.GetProperty("category").GetString(), fire.GetProperty("stance").GetString()));
        var casualty = Assert.Single(fire.GetProperty("casualties").EnumerateArray());
        Assert.Equal(("PK", "personnel", 0, 1), (casualty.GetProperty("side").GetString(), casualty.GetProperty("kind").GetString(), casualty.GetProperty("killed").GetInt32(), casualty.GetProperty("injured").GetInt32()));
        Assert.Equal("AF", fire.GetProperty("responses")[0].GetProperty("side").GetString());
        Assert.True(fire.GetProperty("occurredAt").GetDateTimeOffset() < closure.GetProperty("effectiveFrom").GetDateTimeOffset());
        Assert.Equal([closureId], Registers.Ids(fire.GetProperty("citedBy")));

        // The commitment the closure acts on: Pakistan's, disputed by Afghanistan before the closure.
        var liaison = await app.As("pk.liaison");
        var disputed = await liaison.GetJson($"/api/v1/commitments/{commitmentId}");
        Assert.Equal(("PK", "disputed"), (disputed.GetProperty("obligorSide").GetString(), disputed.GetProperty("status").GetString()));
        Assert.Contains("zero point", disputed.GetProperty("text").GetString());
        Assert.Equal("AF", disputed.GetProperty("disputes")[0].GetProperty("side").GetString());
        Assert.True(disputed.GetProperty("disputes")[0].GetProperty("raisedAt").GetDateTimeOffset() < closure.GetProperty("effectiveFrom").GetDateTimeOffset());
        Assert.Equal([closureId], Registers.Ids(disputed.GetProperty("citedBy")));

        // The Kabul meeting, after the closure, with the delegations of the article.
        var meetings = (await app.Anonymous().GetJson("/api/v1/meetings")).EnumerateArray().ToList();
        var kabul = Assert.Single(meetings, m => m.GetProperty("place").GetString() == "Kabul");
        Assert.Equal(DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1), DateOnly.Parse(kabul.GetProperty("heldOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var members = kabul.GetProperty("delegations").EnumerateArray().ToDictionary(
            d => d.GetProperty("side").GetString()!, d => d.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(["Khwaja Asif", "Lt Gen Nadeem Anjum"], members["PK"]);
        Assert.Equal(["Mullah Abdul Ghani Baradar"], members["AF"]);
        Assert.Contains("Director-General", kabul.GetProperty("delegations")[0].GetProperty("members")[1].GetProperty("title").GetString());
        Assert.Equal(["economic cooperation", "regional connectivity", "trade", "security", "bilateral relations"], Registers.Ids(kabul.GetProperty("topics")));
        Assert.Contains("should not hinder economic ties", kabul.GetProperty("summary").GetString());

        // An agreement from it with open commitments of both sides.
        var agreements = (await liaison.GetJson("/api/v1/agreements")).EnumerateArray().ToList();
        var understanding = Assert.Single(agreements, a => a.GetProperty("meetingId").ValueKind != System.Text.Json.JsonValueKind.Null && a.GetProperty("meetingId").GetString() == kabul.GetProperty("id").GetString());
        var sides = understanding.GetProperty("commitments").EnumerateArray().Select(c => c.GetProperty("obligorSide").GetString()).ToHashSet();
        Assert.Equal(["AF", "PK"], sides.Order());
        Assert.All(understanding.GetProperty("commitments").EnumerateArray(), c => Assert.Equal("open", c.GetProperty("status").GetString()));
        Assert.Contains(agreements, a => a.GetProperty("commitments").EnumerateArray().Any(c => c.GetProperty("id").GetGuid() == commitmentId));

        // Everything was written with an audit entry, and the log verifies.
        var verification = await (await app.As("admin")).GetJson("/api/v1/audit/verification");
        Assert.True(verification.GetProperty("valid").GetBoolean(), verification.GetRawText());
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/api/v1/incidents?crossing=torkham")).StatusCode);
    }
}
