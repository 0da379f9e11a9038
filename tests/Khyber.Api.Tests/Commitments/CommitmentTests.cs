using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Commitments;

public sealed class CommitmentTests
{
    private static Task<string> Stored(TestApp app) => app.Db(async db =>
        $"meetings {await db.Meetings.CountAsync()} agreements {await db.Agreements.CountAsync()} commitments {await db.Commitments.CountAsync()} " +
        $"reports {await db.ComplianceReports.CountAsync()} disputes {await db.CommitmentDisputes.CountAsync()} keys {await db.IdempotencyRecords.CountAsync()}");

    private static string Status(JsonElement commitment) => commitment.GetProperty("status").GetString()!;

    [Fact]
    public async Task A_liaison_records_the_kabul_meeting_an_agreement_from_it_and_commitments_of_both_sides()
    {
        await using var app = await TestApp.StartAsync();
        var pk = await app.As("pk.liaison");

        var meeting = await (await pk.Post("/api/v1/meetings", MeetingBuilder.Build())).Json(HttpStatusCode.Created);
        var meetingId = meeting.GetProperty("id").GetGuid();
        Assert.Equal("2026-11-27", meeting.GetProperty("heldOn").GetString());
        Assert.Equal(["PK", "AF"], meeting.GetProperty("delegations").EnumerateArray().Select(d => d.GetProperty("side").GetString()));
        Assert.Equal("Lt Gen Nadeem Anjum", meeting.GetProperty("delegations")[0].GetProperty("members")[1].GetProperty("name").GetString());

        // Meetings are public.
        var listed = Assert.Single((await app.Anonymous().GetJson("/api/v1/meetings")).EnumerateArray());
        Assert.Equal(["economic cooperation", "regional connectivity", "trade", "security"], Registers.Ids(listed.GetProperty("topics")));
        Assert.Equal("Mullah Abdul Ghani Baradar", (await app.Anonymous().GetJson($"/api/v1/meetings/{meetingId}")).GetProperty("delegations")[1].GetProperty("members")[0].GetProperty("name").GetString());

        var af = await app.As("af.liaison");
        var agreement = await (await af.Post("/api/v1/agreements", new { title = "Kabul understanding on trade and security", meetingId })).Json(HttpStatusCode.Created);
        Assert.Equal("2026-11-27", agreement.GetProperty("concludedOn").GetString());
        var agreementId = agreement.GetProperty("id").GetGuid();
        var ours = await (await pk.Post($"/api/v1/agreements/{agreementId}/commitments", new { obligorSide = "PK", text = "Resume transit trucks.", dueOn = "2026-12-05" })).Json(HttpStatusCode.Created);
        var theirs = await (await af.Post($"/api/v1/agreements/{agreementId}/commitments", new { obligorSide = "AF", text = "Keep Torkham open round the clock." })).Json(HttpStatusCode.Created);
        Assert.Equal(("PK", "open", "2026-12-05"), (ours.GetProperty("obligorSide").GetString(), Status(ours), ours.GetProperty("dueOn").GetString()));
        Assert.Equal(JsonValueKind.Null, theirs.GetProperty("dueOn").ValueKind);

        var read = await (await app.As("pk.officer.torkham")).GetJson($"/api/v1/agreements/{agreementId}");
        Assert.Equal(meetingId, read.GetProperty("meetingId").GetGuid());
        Assert.Equal(["AF", "PK"], read.GetProperty("commitments").EnumerateArray().Select(c => c.GetProperty("obligorSide").GetString()).Order());
        Assert.Single((await (await app.As("admin")).GetJson("/api/v1/agreements")).EnumerateArray());
    }

    [Fact]
    public async Task An_agreement_from_a_meeting_that_does_not_exist_or_concluded_before_it_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        var pk = await app.As("pk.liaison");
        var meetingId = (await (await pk.Post("/api/v1/meetings", MeetingBuilder.Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var before = await Stored(app);

        await (await pk.Post("/api/v1/agreements", new { title = "T", meetingId = Guid.NewGuid() })).Problem(HttpStatusCode.UnprocessableEntity, "meetingId");
        await (await pk.Post("/api/v1/agreements", new { title = "T", meetingId, concludedOn = "2026-11-20" })).Problem(HttpStatusCode.UnprocessableEntity, "concludedOn");
        await (await pk.Post($"/api/v1/agreements/{Guid.NewGuid()}/commitments", new { obligorSide = "PK", text = "T" })).Problem(HttpStatusCode.NotFound);

        Assert.Equal(before, await Stored(app));
    }

    [Theory]
    [InlineData("af.liaison")]
    [InlineData("pk.officer.torkham")]
    [InlineData("admin")]
    public async Task Only_the_obligor_sides_liaison_reports_compliance(string user)
    {
        await using var app = await TestApp.StartAsync();
        var id = await Registers.CommitmentAsync(app, obligor: "PK");
        var before = await Stored(app);

        await (await (await app.As(user)).Post($"/api/v1/commitments/{id}/reports", new { status = "done", evidence = "We say so." })).Problem(HttpStatusCode.Forbidden);

        Assert.Equal(before, await Stored(app));
        var report = await (await (await app.As("pk.liaison")).Post($"/api/v1/commitments/{id}/reports", new { status = "done", evidence = "Notification issued." })).Json(HttpStatusCode.Created);
        Assert.Equal("done", Status(report));
        Assert.Equal("PK", report.GetProperty("reports")[0].GetProperty("side").GetString());
    }

    [Theory]
    [InlineData("pk.liaison")]
    [InlineData("af.officer.torkham")]
    [InlineData("admin")]
    public async Task Only_the_liaison_of_the_side_it_is_owed_to_disputes_a_commitment(string user)
    {
        await using var app = await TestApp.StartAsync();
        var id = await Registers.CommitmentAsync(app, obligor: "PK");
        var before = await Stored(app);

        await (await (await app.As(user)).Post($"/api/v1/commitments/{id}/disputes", new { statement = "Not kept." })).Problem(HttpStatusCode.Forbidden);

        Assert.Equal(before, await Stored(app));
        var disputed = await (await (await app.As("af.liaison")).Post($"/api/v1/commitments/{id}/disputes", new { statement = "A new check-post at the zero point." })).Json(HttpStatusCode.Created);
        Assert.Equal("disputed", Status(disputed));
        Assert.Equal(("AF", "af.liaison"), (disputed.GetProperty("disputes")[0].GetProperty("side").GetString(), disputed.GetProperty("disputes")[0].GetProperty("raisedBy").GetString()));
    }

    [Fact]
    public async Task The_status_follows_reports_disputes_and_the_due_date_as_time_passes()
    {
        await using var app = await TestApp.StartAsync();
        var id = await Registers.CommitmentAsync(app, obligor: "PK", dueOn: "2026-11-30");
        var pk = await app.As("pk.liaison");
        var af = await app.As("af.liaison");
        var officer = await app.As("af.officer.torkham");
        async Task<string> Now() => Status(await officer.GetJson($"/api/v1/commitments/{id}"));

        Assert.Equal("open", await Now());
        await (await pk.Post($"/api/v1/commitments/{id}/reports", new { status = "on-track", evidence = "Work order issued." })).Json(HttpStatusCode.Created);
        Assert.Equal("on-track", await Now());
        await (await af.Post($"/api/v1/commitments/{id}/disputes", new { statement = "Nothing has moved." })).Json(HttpStatusCode.Created);
        Assert.Equal("disputed", await Now());
        await (await pk.Post($"/api/v1/commitments/{id}/reports", new { status = "on-track", evidence = "Photographs of the work attached." })).Json(HttpStatusCode.Created);
        Assert.Equal("on-track", await Now());

        // Pakistan owes it: the 30th ends at midnight in Karachi, 19:00 UTC; a second later the commitment is overdue.
        app.Time.Advance(new DateTimeOffset(2026, 11, 30, 19, 0, 0, TimeSpan.Zero) - app.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Equal("on-track", await Now());
        app.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("overdue", await Now());
        Assert.Equal([id], (await officer.GetJson("/api/v1/commitments?status=overdue")).EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));

        await (await pk.Post($"/api/v1/commitments/{id}/reports", new { status = "done", evidence = "Completed late." })).Json(HttpStatusCode.Created);
        Assert.Equal("done", await Now());
        await (await pk.Post($"/api/v1/commitments/{id}/reports", new { status = "failed", evidence = "Undone by the flood." })).Json(HttpStatusCode.Created);
        Assert.Equal("failed", await Now());

        var commitment = await officer.GetJson($"/api/v1/commitments/{id}");
        Assert.Equal([1, 3, 4, 5], commitment.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("sequence").GetInt32()));
        Assert.Equal([2], commitment.GetProperty("disputes").EnumerateArray().Select(r => r.GetProperty("sequence").GetInt32()));
    }

    [Fact]
    public async Task Commitments_are_listed_by_obligor_side_and_status_for_officers_liaisons_and_admins_only()
    {
        await using var app = await TestApp.StartAsync();
        var ours = await Registers.CommitmentAsync(app, obligor: "PK");
        var theirs = await Registers.CommitmentAsync(app, obligor: "AF");
        await (await (await app.As("pk.liaison")).Post($"/api/v1/commitments/{theirs}/disputes", new { statement = "The gate was shut." })).Json(HttpStatusCode.Created);
        var liaison = await app.As("af.liaison");

        Assert.Equal([ours], (await liaison.GetJson("/api/v1/commitments?side=PK")).EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        Assert.Equal([theirs], (await liaison.GetJson("/api/v1/commitments?status=disputed")).EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        Assert.Empty((await liaison.GetJson("/api/v1/commitments?side=AF&status=open")).EnumerateArray());
        Assert.Equal(2, (await (await app.As("pk.officer.chaman")).GetJson("/api/v1/commitments")).GetArrayLength());

        await (await (await app.As("carrier.demo")).GetAsync("/api/v1/commitments")).Problem(HttpStatusCode.Forbidden);
        await (await (await app.As("carrier.demo")).GetAsync($"/api/v1/commitments/{ours}")).Problem(HttpStatusCode.Forbidden);
        await (await app.Anonymous().GetAsync("/api/v1/commitments")).Problem(HttpStatusCode.Unauthorized);
        await (await app.Anonymous().GetAsync("/api/v1/agreements")).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_notice_cites_a_disputed_commitment_and_the_commitment_lists_the_notice()
    {
        await using var app = await TestApp.StartAsync();
        var id = await Registers.CommitmentAsync(app, obligor: "PK");
        await (await (await app.As("af.liaison")).Post($"/api/v1/commitments/{id}/disputes", new { statement = "New construction at the zero point." })).Json(HttpStatusCode.Created);
        var officer = await app.As("af.officer.torkham");
        var before = await Stored(app);
        var notices = await app.Db(db => db.Notices.CountAsync());

        var unknown = new NoticeBuilder().Build();
        unknown["reasonCategory"] = "commitment-dispute";
        unknown["commitmentIds"] = new JsonArray(id.ToString(), Guid.NewGuid().ToString());
        await (await officer.Post("/api/v1/crossings/torkham/notices", unknown)).Problem(HttpStatusCode.UnprocessableEntity, "commitmentIds[1]");
        Assert.Equal(notices, await app.Db(db => db.Notices.CountAsync()));
        Assert.Equal(before, await Stored(app));

        var notice = new NoticeBuilder().Build();
        notice["reasonCategory"] = "commitment-dispute";
        notice["commitmentIds"] = new JsonArray(id.ToString());
        var issued = await (await officer.Post("/api/v1/crossings/torkham/notices", notice)).Json(HttpStatusCode.Created);
        Assert.Equal([id.ToString()], Registers.Ids(issued.GetProperty("commitmentIds")));
        var noticeId = issued.GetProperty("id").GetString()!;

        var liaison = await app.As("pk.liaison");
        Assert.Equal([noticeId], Registers.Ids((await liaison.GetJson($"/api/v1/commitments/{id}")).GetProperty("citedBy")));
        Assert.Equal([noticeId], Registers.Ids((await liaison.GetJson("/api/v1/commitments?status=disputed"))[0].GetProperty("citedBy")));
        Assert.Equal([noticeId], Registers.Ids((await liaison.GetJson("/api/v1/agreements"))[0].GetProperty("commitments")[0].GetProperty("citedBy")));
        Assert.Equal([id.ToString()], Registers.Ids(Assert.Single((await app.Anonymous().GetJson("/api/v1/notices?crossing=torkham")).EnumerateArray()).GetProperty("commitmentIds")));
    }

    [Fact]
    public async Task Creating_and_reporting_with_the_same_idempotency_key_happen_once()
    {
        await using var app = await TestApp.StartAsync();
        var pk = await app.As("pk.liaison");

        var first = await (await pk.Post("/api/v1/meetings", MeetingBuilder.Build(), idempotencyKey: "kabul")).Json(HttpStatusCode.Created);
        var again = await pk.Post("/api/v1/meetings", MeetingBuilder.Build(), idempotencyKey: "kabul");
        Assert.Equal(first.GetProperty("id").GetGuid(), (await again.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));

        var agreement = new { title = "Kabul understanding" };
        var agreementId = (await (await pk.Post("/api/v1/agreements", agreement, idempotencyKey: "a")).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await pk.Post("/api/v1/agreements", agreement, idempotencyKey: "a")).Json(HttpStatusCode.Created);
        var commitment = new { obligorSide = "PK", text = "Resume transit trucks." };
        var id = (await (await pk.Post($"/api/v1/agreements/{agreementId}/commitments", commitment, idempotencyKey: "c")).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await pk.Post($"/api/v1/agreements/{agreementId}/commitments", commitment, idempotencyKey: "c")).Json(HttpStatusCode.Created);
        var report = new { status = "on-track", evidence = "Trucks cleared." };
        await (await pk.Post($"/api/v1/commitments/{id}/reports", report, idempotencyKey: "r")).Json(HttpStatusCode.Created);
        await (await pk.Post($"/api/v1/commitments/{id}/reports", report, idempotencyKey: "r")).Json(HttpStatusCode.Created);
        var af = await app.As("af.liaison");
        await (await af.Post($"/api/v1/commitments/{id}/disputes", new { statement = "Not cleared." }, idempotencyKey: "d")).Json(HttpStatusCode.Created);
        await (await af.Post($"/api/v1/commitments/{id}/disputes", new { statement = "Not cleared." }, idempotencyKey: "d")).Json(HttpStatusCode.Created);

        Assert.Equal("meetings 1 agreements 1 commitments 1 reports 1 disputes 1 keys 5", await Stored(app));
    }

    [Fact]
    public async Task Concurrent_reports_and_disputes_each_get_their_own_place_in_the_sequence()
    {
        await using var app = await TestApp.StartAsync();
        var id = await Registers.CommitmentAsync(app, obligor: "PK");
        var pk = await app.As("pk.liaison");
        var af = await app.As("af.liaison");

        var requests = Enumerable.Range(0, 6).Select(i => i % 2 == 0
            ? pk.Post($"/api/v1/commitments/{id}/reports", new { status = "on-track", evidence = $"Report {i}." })
            : af.Post($"/api/v1/commitments/{id}/disputes", new { statement = $"Dispute {i}." }));
        foreach (var response in await Task.WhenAll(requests))
        {
            await response.Json(HttpStatusCode.Created);
        }

        var commitment = await pk.GetJson($"/api/v1/commitments/{id}");
        var sequences = commitment.GetProperty("reports").EnumerateArray().Concat(commitment.GetProperty("disputes").EnumerateArray()).Select(e => e.GetProperty("sequence").GetInt32()).Order();
        Assert.Equal([1, 2, 3, 4, 5, 6], sequences);
    }
}
