using System.Net;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Incidents;

public sealed class IncidentTests
{
    private static Task<(int Incidents, int Responses, int Keys)> Stored(TestApp app) => app.Db(async db =>
        (await db.Incidents.CountAsync(), await db.IncidentResponses.CountAsync(), await db.IdempotencyRecords.CountAsync()));

    [Fact]
    public async Task A_pakistani_officer_logs_an_exchange_of_fire_and_the_afghan_liaison_disputes_it()
    {
        await using var app = await TestApp.StartAsync();
        var officer = await app.As("pk.officer.torkham");

        var logged = await (await officer.Post("/api/v1/incidents", new IncidentBuilder().Build())).Json(HttpStatusCode.Created);
        Assert.Equal("PK", logged.GetProperty("side").GetString());
        Assert.Equal("exchange-of-fire", logged.GetProperty("category").GetString());
        Assert.Equal("pk.officer.torkham", logged.GetProperty("loggedBy").GetString());
        var casualty = Assert.Single(logged.GetProperty("casualties").EnumerateArray());
        Assert.Equal(("PK", "personnel", 0, 1), (casualty.GetProperty("side").GetString(), casualty.GetProperty("kind").GetString(), casualty.GetProperty("killed").GetInt32(), casualty.GetProperty("injured").GetInt32()));
        Assert.Equal(0, logged.GetProperty("responses").GetArrayLength());
        var id = logged.GetProperty("id").GetGuid();

        var afghan = await app.As("af.liaison");
        var answered = await (await afghan.Post($"/api/v1/incidents/{id}/responses", new { stance = "dispute", statement = "Pakistani forces fired first." })).Json(HttpStatusCode.Created);
        Assert.Equal("dispute", answered.GetProperty("stance").GetString());

        // Anyone reads the log, with the response.
        var listed = Assert.Single((await app.Anonymous().GetJson("/api/v1/incidents?crossing=torkham")).EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetGuid());
        var response = Assert.Single(listed.GetProperty("responses").EnumerateArray());
        Assert.Equal(("AF", "dispute", "af.liaison", 1), (response.GetProperty("side").GetString(), response.GetProperty("stance").GetString(), response.GetProperty("respondedBy").GetString(), response.GetProperty("number").GetInt32()));
        Assert.Equal("Pakistani forces fired first.", (await app.Anonymous().GetJson($"/api/v1/incidents/{id}")).GetProperty("responses")[0].GetProperty("statement").GetString());
        Assert.Equal(0, (await app.Anonymous().GetJson("/api/v1/incidents?crossing=chaman")).GetArrayLength());
    }

    [Theory]
    [InlineData("pk.liaison")]
    [InlineData("pk.officer.torkham")]
    [InlineData("af.officer.torkham")]
    [InlineData("admin")]
    public async Task Only_the_other_sides_liaison_responds_and_a_refusal_writes_nothing(string user)
    {
        await using var app = await TestApp.StartAsync();
        var id = await Registers.IncidentAsync(app);
        var before = await Stored(app);

        await (await (await app.As(user)).Post($"/api/v1/incidents/{id}/responses", new { stance = "acknowledge", statement = "Confirmed." })).Problem(HttpStatusCode.Forbidden);

        Assert.Equal(before, await Stored(app));
    }

    [Theory]
    [InlineData("af.officer.torkham", "PK", "torkham")]
    [InlineData("pk.officer.chaman", "PK", "torkham")]
    [InlineData("af.liaison", "PK", "torkham")]
    [InlineData("carrier.demo", "PK", "torkham")]
    [InlineData("admin", "AF", "torkham")]
    public async Task A_side_logs_incidents_only_in_its_own_name_and_officers_only_at_their_crossing(string user, string side, string crossing)
    {
        await using var app = await TestApp.StartAsync();
        var before = await Stored(app);

        await (await (await app.As(user)).Post("/api/v1/incidents", new IncidentBuilder().By(side).At(crossing).Build())).Problem(HttpStatusCode.Forbidden);

        Assert.Equal(before, await Stored(app));
    }

    [Fact]
    public async Task A_liaison_logs_for_its_side_at_any_crossing()
    {
        await using var app = await TestApp.StartAsync();
        var incident = await (await (await app.As("af.liaison")).Post("/api/v1/incidents", new IncidentBuilder().By("AF").At("chaman").Build())).Json(HttpStatusCode.Created);
        Assert.Equal(("AF", "chaman"), (incident.GetProperty("side").GetString(), incident.GetProperty("crossingId").GetString()));
    }

    [Fact]
    public async Task Casualties_count_each_side_and_kind_once_and_at_least_one_person()
    {
        await using var app = await TestApp.StartAsync();
        var officer = await app.As("pk.officer.torkham");
        var before = await Stored(app);

        var twice = new IncidentBuilder().Build();
        twice["casualties"] = new JsonArray(
            new JsonObject { ["side"] = "AF", ["kind"] = "civilian", ["killed"] = 1, ["injured"] = 0 },
            new JsonObject { ["side"] = "af", ["kind"] = "civilian", ["killed"] = 0, ["injured"] = 2 });
        await (await officer.Post("/api/v1/incidents", twice)).Problem(HttpStatusCode.UnprocessableEntity, "casualties[1]");

        var nobody = new IncidentBuilder().Build();
        nobody["casualties"] = new JsonArray(new JsonObject { ["side"] = "PK", ["kind"] = "personnel", ["killed"] = 0, ["injured"] = 0 });
        await (await officer.Post("/api/v1/incidents", nobody)).Problem(HttpStatusCode.UnprocessableEntity, "casualties[0]");
        Assert.Equal(before, await Stored(app));

        // Both sides' casualties in one report; none at all is fine too.
        var both = new IncidentBuilder().Build();
        both["casualties"] = new JsonArray(
            new JsonObject { ["side"] = "PK", ["kind"] = "personnel", ["killed"] = 0, ["injured"] = 1 },
            new JsonObject { ["side"] = "AF", ["kind"] = "personnel", ["killed"] = 1, ["injured"] = 3 });
        var logged = await (await officer.Post("/api/v1/incidents", both)).Json(HttpStatusCode.Created);
        Assert.Equal(["PK:0/1", "AF:1/3"], logged.GetProperty("casualties").EnumerateArray().Select(c => $"{c.GetProperty("side").GetString()}:{c.GetProperty("killed").GetInt32()}/{c.GetProperty("injured").GetInt32()}"));
        var none = new IncidentBuilder().Build();
        none.Remove("casualties");
        Assert.Equal(0, (await (await officer.Post("/api/v1/incidents", none)).Json(HttpStatusCode.Created)).GetProperty("casualties").GetArrayLength());
    }

    [Fact]
    public async Task A_later_response_amends_the_first_and_both_stay_on_record()
    {
        await using var app = await TestApp.StartAsync();
        var id = await Registers.IncidentAsync(app);
        var afghan = await app.As("af.liaison");

        await (await afghan.Post($"/api/v1/incidents/{id}/responses", new { stance = "acknowledge", statement = "Shots were exchanged." })).Json(HttpStatusCode.Created);
        app.Time.Advance(TimeSpan.FromHours(6));
        var amended = await (await afghan.Post($"/api/v1/incidents/{id}/responses", new { stance = "dispute", statement = "Having investigated: Pakistani forces fired first." })).Json(HttpStatusCode.Created);

        Assert.Equal("dispute", amended.GetProperty("stance").GetString());
        Assert.Equal(["acknowledge", "dispute"], amended.GetProperty("responses").EnumerateArray().Select(r => r.GetProperty("stance").GetString()));
        Assert.Equal([1, 2], amended.GetProperty("responses").EnumerateArray().Select(r => r.GetProperty("number").GetInt32()));
    }

    [Fact]
    public async Task Logging_and_responding_with_the_same_idempotency_key_happen_once()
    {
        await using var app = await TestApp.StartAsync();
        var officer = await app.As("pk.officer.torkham");
        var body = new IncidentBuilder().Build();

        var first = await officer.Post("/api/v1/incidents", body, idempotencyKey: "fire-1");
        var again = await officer.Post("/api/v1/incidents", body, idempotencyKey: "fire-1");
        var id = (await first.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(id, (await again.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));

        var afghan = await app.As("af.liaison");
        var response = new { stance = "dispute", statement = "Not as reported." };
        await (await afghan.Post($"/api/v1/incidents/{id}/responses", response, idempotencyKey: "answer-1")).Json(HttpStatusCode.Created);
        await (await afghan.Post($"/api/v1/incidents/{id}/responses", response, idempotencyKey: "answer-1")).Json(HttpStatusCode.Created);

        Assert.Equal((1, 1), await app.Db(async db => (await db.Incidents.CountAsync(), await db.IncidentResponses.CountAsync())));
    }

    [Fact]
    public async Task Concurrent_responses_are_numbered_one_after_the_other()
    {
        await using var app = await TestApp.StartAsync();
        var id = await Registers.IncidentAsync(app);
        var afghan = await app.As("af.liaison");

        var responses = await Task.WhenAll(Enumerable.Range(1, 5).Select(i =>
            afghan.Post($"/api/v1/incidents/{id}/responses", new { stance = i % 2 == 0 ? "acknowledge" : "dispute", statement = $"Statement {i}." })));
        foreach (var response in responses)
        {
            await response.Json(HttpStatusCode.Created);
        }

        var incident = await app.Anonymous().GetJson($"/api/v1/incidents/{id}");
        Assert.Equal([1, 2, 3, 4, 5], incident.GetProperty("responses").EnumerateArray().Select(r => r.GetProperty("number").GetInt32()));
    }

    [Fact]
    public async Task A_notice_cites_incidents_of_its_own_crossing_and_each_incident_lists_the_notices_citing_it()
    {
        await using var app = await TestApp.StartAsync();
        var fire = await Registers.IncidentAsync(app);
        var elsewhere = await Registers.IncidentAsync(app, "pk.liaison", new IncidentBuilder().At("chaman").Build());
        var afghan = await app.As("af.officer.torkham");

        var notice = new NoticeBuilder().Build();
        notice["incidentIds"] = new JsonArray(fire.ToString());
        var issued = await (await afghan.Post("/api/v1/crossings/torkham/notices", notice)).Json(HttpStatusCode.Created);
        var noticeId = issued.GetProperty("id").GetString();
        Assert.Equal([fire.ToString()], Registers.Ids(issued.GetProperty("incidentIds")));
        Assert.Equal(0, issued.GetProperty("commitmentIds").GetArrayLength());
        Assert.Equal([fire.ToString()], Registers.Ids((await app.Anonymous().GetJson($"/api/v1/notices/{noticeId}")).GetProperty("incidentIds")));

        Assert.Equal([noticeId!], Registers.Ids((await app.Anonymous().GetJson($"/api/v1/incidents/{fire}")).GetProperty("citedBy")));
        var listed = (await app.Anonymous().GetJson("/api/v1/incidents")).EnumerateArray().ToDictionary(i => i.GetProperty("id").GetGuid());
        Assert.Equal([noticeId!], Registers.Ids(listed[fire].GetProperty("citedBy")));
        Assert.Equal(0, listed[elsewhere].GetProperty("citedBy").GetArrayLength());

        // An incident at Chaman is no reason for a Torkham notice; unknown and malformed ids are refused; nothing is issued.
        var notices = await app.Db(db => db.Notices.CountAsync());
        var wrong = new NoticeBuilder().Build();
        wrong["incidentIds"] = new JsonArray(fire.ToString(), elsewhere.ToString(), Guid.NewGuid().ToString(), "INC-7", fire.ToString());
        var problem = await (await afghan.Post("/api/v1/crossings/torkham/notices", wrong)).Problem(HttpStatusCode.UnprocessableEntity, "incidentIds[1]");
        Assert.Equal(["incidentIds[1]", "incidentIds[2]", "incidentIds[3]", "incidentIds[4]"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(notices, await app.Db(db => db.Notices.CountAsync()));
    }
}
