using System.Net;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Notices;

public sealed class NoticeTests
{
    [Fact]
    public async Task An_emergency_closure_by_the_afghan_officer_closes_both_directions_with_its_reason_at_once()
    {
        await using var app = await TestApp.StartAsync();
        var officer = await app.As("af.officer.torkham");

        var notice = await (await officer.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);
        Assert.Equal("AF", notice.GetProperty("side").GetString());
        Assert.Equal("in-force", notice.GetProperty("status").GetString());

        var torkham = await app.Anonymous().GetJson("/api/v1/crossings/torkham");
        var af = torkham.GetProperty("sides").EnumerateArray().Single(s => s.GetProperty("country").GetString() == "AF");
        Assert.Equal("closed", af.GetProperty("gateState").GetString());
        foreach (var direction in torkham.GetProperty("directions").EnumerateArray())
        {
            Assert.Equal("closed", direction.GetProperty("state").GetString());
            Assert.Equal("security", direction.GetProperty("reasonCategory").GetString());
            Assert.StartsWith("Exchange of fire", direction.GetProperty("reason").GetString());
        }
    }

    [Fact]
    public async Task A_closure_sooner_than_the_minimum_notice_must_be_an_emergency_with_a_justification()
    {
        await using var app = await TestApp.StartAsync();
        var officer = await app.As("pk.officer.torkham");

        var planned = new NoticeBuilder().From(app.Time.GetUtcNow().AddHours(2), emergency: false).Build();
        await (await officer.Post("/api/v1/crossings/torkham/notices", planned)).Problem(HttpStatusCode.UnprocessableEntity, "emergency");

        var unjustified = new NoticeBuilder().Build();
        unjustified.Remove("emergencyJustification");
        await (await officer.Post("/api/v1/crossings/torkham/notices", unjustified)).Problem(HttpStatusCode.UnprocessableEntity, "emergencyJustification");

        var inTime = new NoticeBuilder().From(app.Time.GetUtcNow().AddHours(25), emergency: false).Build();
        await (await officer.Post("/api/v1/crossings/torkham/notices", inTime)).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Reopening_needs_no_advance_notice_and_no_reason()
    {
        await using var app = await TestApp.StartAsync();
        var officer = await app.As("af.officer.torkham");
        await (await officer.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);

        app.Time.Advance(TimeSpan.FromHours(1));
        var reopen = new { gateState = "open", directions = new[] { "PK-AF", "AF-PK" }, reasonCategory = "security", effectiveFrom = app.Time.GetUtcNow() };
        await (await officer.Post("/api/v1/crossings/torkham/notices", reopen)).Json(HttpStatusCode.Created);

        var torkham = await app.Anonymous().GetJson("/api/v1/crossings/torkham");
        Assert.All(torkham.GetProperty("directions").EnumerateArray(), d => Assert.Equal("open", d.GetProperty("state").GetString()));
        var notices = await app.Anonymous().GetJson("/api/v1/notices?crossing=torkham");
        Assert.Equal(["in-force", "superseded"], notices.EnumerateArray().Select(n => n.GetProperty("status").GetString()!).ToArray());
    }

    [Fact]
    public async Task A_closing_notice_without_a_reason_is_refused_naming_the_field_and_nothing_is_written()
    {
        await using var app = await TestApp.StartAsync();
        var officer = await app.As("pk.officer.torkham");
        var body = new NoticeBuilder().Build();
        body["reason"] = "  ";

        await (await officer.Post("/api/v1/crossings/torkham/notices", body)).Problem(HttpStatusCode.UnprocessableEntity, "reason");

        Assert.Equal(0, (await app.Anonymous().GetJson("/api/v1/notices")).GetArrayLength());
    }

    [Fact]
    public async Task A_side_issues_notices_only_for_its_own_gate_and_only_where_its_officer_serves()
    {
        await using var app = await TestApp.StartAsync();
        var chamanOfficer = await app.As("pk.officer.chaman");
        await (await chamanOfficer.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Problem(HttpStatusCode.Forbidden);

        var carrier = await app.As("carrier.demo");
        await (await carrier.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Problem(HttpStatusCode.Forbidden);

        // The issuing side is always the caller's: the PK liaison's notice closes the PK gate only.
        var liaison = await app.As("pk.liaison");
        var notice = await (await liaison.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);
        Assert.Equal("PK", notice.GetProperty("side").GetString());
        var torkham = await app.Anonymous().GetJson("/api/v1/crossings/torkham");
        var gates = torkham.GetProperty("sides").EnumerateArray().ToDictionary(s => s.GetProperty("country").GetString()!, s => s.GetProperty("gateState").GetString());
        Assert.Equal("closed", gates["PK"]);
        Assert.Equal("open", gates["AF"]);
    }

    [Fact]
    public async Task A_scheduled_notice_comes_into_force_at_its_time_and_supersedes_the_previous_one()
    {
        await using var app = await TestApp.StartAsync();
        var liaison = await app.As("pk.liaison");
        var start = app.Time.GetUtcNow();
        var first = await (await liaison.Post("/api/v1/crossings/chaman/notices", new NoticeBuilder().State("restricted").From(start.AddHours(30), emergency: false).Build())).Json(HttpStatusCode.Created);
        Assert.Equal("scheduled", first.GetProperty("status").GetString());

        var chaman = await app.Anonymous().GetJson("/api/v1/crossings/chaman");
        Assert.All(chaman.GetProperty("directions").EnumerateArray(), d => Assert.Equal("open", d.GetProperty("state").GetString()));

        app.Time.Advance(TimeSpan.FromHours(30));
        await app.TickAsync();
        chaman = await app.Anonymous().GetJson("/api/v1/crossings/chaman");
        Assert.All(chaman.GetProperty("directions").EnumerateArray(), d => Assert.Equal("restricted", d.GetProperty("state").GetString()));
        var stored = await app.Db(db => Task.FromResult(db.Notices.Single()));
        // Announced in force by the tick, once (its status itself is derived, never stored).
        Assert.Equal(app.Time.GetUtcNow(), stored.InForceAt);

        var second = await (await liaison.Post("/api/v1/crossings/chaman/notices", new NoticeBuilder().State("closed").From(app.Time.GetUtcNow(), emergency: true).Build())).Json(HttpStatusCode.Created);
        await app.TickAsync();
        var firstNow = await app.Anonymous().GetJson($"/api/v1/notices/{first.GetProperty("id").GetGuid()}");
        Assert.Equal("superseded", firstNow.GetProperty("status").GetString());
        Assert.Equal(second.GetProperty("id").GetGuid(), firstNow.GetProperty("supersededBy").GetGuid());
    }

    [Fact]
    public async Task Only_the_other_side_acknowledges_and_only_once_and_unacknowledged_notices_show_their_age()
    {
        await using var app = await TestApp.StartAsync();
        var af = await app.As("af.officer.torkham");
        var notice = await (await af.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);
        var id = notice.GetProperty("id").GetGuid();

        app.Time.Advance(TimeSpan.FromMinutes(90));
        var waiting = await app.Anonymous().GetJson("/api/v1/notices?crossing=torkham&acknowledged=false");
        Assert.Equal(90, waiting.EnumerateArray().Single().GetProperty("unacknowledgedMinutes").GetDouble());

        await (await (await app.As("af.liaison")).Post($"/api/v1/notices/{id}/acknowledgement", new { })).Problem(HttpStatusCode.Forbidden);
        var pk = await app.As("pk.liaison");
        var ack = await (await pk.Post($"/api/v1/notices/{id}/acknowledgement", new { })).Json(HttpStatusCode.Created);
        Assert.Equal("pk.liaison", ack.GetProperty("acknowledgedBy").GetString());
        await (await pk.Post($"/api/v1/notices/{id}/acknowledgement", new { })).Problem(HttpStatusCode.Conflict);

        var acknowledged = await app.Anonymous().GetJson($"/api/v1/notices/{id}");
        Assert.Equal("pk.liaison", acknowledged.GetProperty("acknowledgedBy").GetString());
        Assert.Equal(JsonValueKindNull, acknowledged.GetProperty("unacknowledgedMinutes").ValueKind);
        Assert.Equal(0, (await app.Anonymous().GetJson("/api/v1/notices?acknowledged=false")).GetArrayLength());
    }

    [Fact]
    public async Task Two_liaisons_acknowledging_at_the_same_instant_record_one_acknowledgement()
    {
        await using var app = await TestApp.StartAsync();
        var af = await app.As("af.officer.torkham");
        var id = (await (await af.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var pk = await app.As("pk.liaison");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => pk.Post($"/api/v1/notices/{id}/acknowledgement", new { })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_issue_one_notice()
    {
        await using var app = await TestApp.StartAsync();
        var officer = await app.As("af.officer.torkham");
        var body = new NoticeBuilder().Build();

        var first = await (await officer.Post("/api/v1/crossings/torkham/notices", body, idempotencyKey: "close-1")).Json(HttpStatusCode.Created);
        var again = await (await officer.Post("/api/v1/crossings/torkham/notices", body, idempotencyKey: "close-1")).Json(HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal(1, (await app.Anonymous().GetJson("/api/v1/notices")).GetArrayLength());

        body["reason"] = "Something else entirely.";
        await (await officer.Post("/api/v1/crossings/torkham/notices", body, idempotencyKey: "close-1")).Problem(HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
