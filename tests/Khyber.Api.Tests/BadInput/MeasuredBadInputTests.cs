using System.Net;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using static Khyber.Api.Tests.BadInput.BadFields;

namespace Khyber.Api.Tests.BadInput;

/// <summary>
/// A commitment's metric, a dispute of an evaluation, a daily report and its countersignature, each sent wrong: a problem
/// naming the field, and nothing recorded — a metric of an unknown kind or a target of the wrong type, a direction the
/// crossing lacks, a report of a day not yet over, a second signature of the same side, a signature of a head that has
/// moved on.
/// </summary>
public sealed class MeasuredBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static JsonObject Metric() => new() { ["kind"] = "trucks-through", ["crossingId"] = "torkham", ["direction"] = "PK-AF", ["target"] = 250 };

    private static Action<JsonObject> InMetric(Action<JsonObject> change) => b => change(b["metric"]!.AsObject());

    private static readonly BadFields Commitment = new()
    {
        { "kind missing", InMetric(m => m.Remove("kind")), Invalid, "metric.kind" },
        { "kind unknown", InMetric(m => m["kind"] = "trucks-per-week"), Invalid, "metric.kind" },
        { "kind a number", InMetric(m => m["kind"] = 1), Malformed, "metric.kind" },
        { "target missing", InMetric(m => m.Remove("target")), Invalid, "metric.target" },
        { "target text", InMetric(m => m["target"] = "250"), Malformed, "metric.target" },
        { "target a fraction of a truck", InMetric(m => m["target"] = 250.5), Invalid, "metric.target" },
        { "target negative", InMetric(m => m["target"] = -1), Invalid, "metric.target" },
        { "target a share above one", InMetric(m => { m["kind"] = "notice-warning"; m.Remove("direction"); m["warningHours"] = 24; m["target"] = 90; }), Invalid, "metric.target" },
        { "target more hours than a day has", InMetric(m => { m["kind"] = "hours-open"; m.Remove("direction"); m["target"] = 26; }), Invalid, "metric.target" },
        { "direction the crossing lacks", InMetric(m => m["direction"] = "PK-IR"), Invalid, "metric.direction" },
        { "direction missing for trucks", InMetric(m => m.Remove("direction")), Invalid, "metric.direction" },
        { "direction for notices", InMetric(m => { m["kind"] = "notice-warning"; m["warningHours"] = 24; m["target"] = 0.9; }), Invalid, "metric.direction" },
        { "direction a number", InMetric(m => m["direction"] = 1), Malformed, "metric.direction" },
        { "crossingId missing", InMetric(m => m.Remove("crossingId")), Invalid, "metric.crossingId" },
        { "crossingId unknown", InMetric(m => m["crossingId"] = "wagah"), Invalid, "metric.crossingId" },
        { "warningHours missing", InMetric(m => { m["kind"] = "notice-warning"; m.Remove("direction"); m["target"] = 0.9; }), Invalid, "metric.warningHours" },
        { "warningHours not used", InMetric(m => m["warningHours"] = 24), Invalid, "metric.warningHours" },
        { "withinMinutes out of range", InMetric(m => { m["kind"] = "notices-acknowledged"; m.Remove("direction"); m["target"] = 1; m["withinMinutes"] = 0; }), Invalid, "metric.withinMinutes" },
        { "withinMinutes a fraction", InMetric(m => { m["kind"] = "notices-acknowledged"; m.Remove("direction"); m["target"] = 1; m["withinMinutes"] = 1.5; }), Malformed, "metric.withinMinutes" },
        { "withinHours missing", InMetric(m => { m["kind"] = "incidents-answered"; m.Remove("direction"); m["target"] = 1; }), Invalid, "metric.withinHours" },
        { "comparison unknown", InMetric(m => m["comparison"] = "about"), Invalid, "metric.comparison" },
        { "measuredFrom too far back", InMetric(m => m["measuredFrom"] = "2026-01-01"), Invalid, "metric.measuredFrom" },
        { "measuredFrom not a day", InMetric(m => m["measuredFrom"] = "last week"), Malformed, "metric.measuredFrom" },
        { "metric a string", b => b["metric"] = "trucks-through", Malformed, "metric" },
        { "unknown field in the metric", InMetric(m => m["unit"] = "trucks"), Malformed, "metric.unit" },
    };

    public static TheoryData<string> CommitmentCases() => Commitment.Names();

    [Theory]
    [MemberData(nameof(CommitmentCases))]
    public async Task A_metric_with_one_bad_field_is_refused_naming_it_and_records_nothing(string @case)
    {
        var app = fixture.App;
        var (change, status, field) = Commitment[@case];
        var body = new JsonObject { ["obligorSide"] = "PK", ["text"] = "Let 250 trucks a day through.", ["metric"] = Metric() };
        change(body);
        var agreement = await fixture.Subject(a => Registers.AgreementAsync(a));
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await (await app.As("pk.liaison")).Post($"/api/v1/agreements/{agreement}/commitments", body, $"bad-{Guid.NewGuid():N}")).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
    }

    [Fact]
    public async Task A_valid_metric_is_recorded_with_its_defaults()
    {
        var app = fixture.App;
        var agreement = await Registers.AgreementAsync(app);
        var created = await (await (await app.As("pk.liaison")).Post($"/api/v1/agreements/{agreement}/commitments",
            new JsonObject { ["obligorSide"] = "AF", ["text"] = "Spoil no more than two trucks a week.", ["metric"] = new JsonObject { ["kind"] = "perishables-spoiled", ["crossingId"] = "torkham", ["target"] = 2 } }))
            .Json(HttpStatusCode.Created);
        var metric = created.GetProperty("metric");
        Assert.Equal(("perishables-spoiled", "at-most", "2026-11-28"), (metric.GetProperty("kind").GetString(), metric.GetProperty("comparison").GetString(), metric.GetProperty("measuredFrom").GetString()));
        Assert.Equal("open", created.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("", HttpStatusCode.UnprocessableEntity, "statement")]
    [InlineData(" ", HttpStatusCode.UnprocessableEntity, "statement")]
    public async Task A_dispute_of_an_evaluation_without_a_statement_is_refused(string statement, HttpStatusCode status, string field)
    {
        var app = fixture.App;
        var commitment = await Registers.MeasuredCommitmentAsync(fixture.App, obligor: "PK");
        var before = await Stored.Of(app);
        var af = await app.As("af.liaison");

        await (await af.Post($"/api/v1/commitments/{commitment}/evaluations/2026-11-27/disputes", new { statement })).Problem(status, field);
        await (await af.Post($"/api/v1/commitments/{commitment}/evaluations/2026-11-27/disputes", new { statement = 1 })).Problem(HttpStatusCode.BadRequest, "statement");
        await (await af.Post($"/api/v1/commitments/{commitment}/evaluations/27-11-2026/disputes", new { statement = "Wrong." })).Problem(HttpStatusCode.BadRequest, "day");
        await (await af.Post($"/api/v1/commitments/{commitment}/evaluations/2026-11-28/disputes", new { statement = "Not yet measured." })).Problem(HttpStatusCode.NotFound);

        Assert.Equal(before, await Stored.Of(app));
    }

    [Theory]
    [InlineData("?from=2026-11-27&to=2026-11-26", HttpStatusCode.UnprocessableEntity, "from")]
    [InlineData("?from=2025-01-01&to=2026-11-27", HttpStatusCode.UnprocessableEntity, "to")]
    [InlineData("?from=yesterday", HttpStatusCode.BadRequest, "from")]
    [InlineData("?to=2026-11-31", HttpStatusCode.BadRequest, "to")]
    public async Task A_range_of_evaluations_that_is_not_one_is_refused_naming_the_day(string query, HttpStatusCode status, string field)
    {
        var commitment = await Registers.MeasuredCommitmentAsync(fixture.App, obligor: "PK");
        await (await (await fixture.App.As("pk.liaison")).GetAsync($"/api/v1/commitments/{commitment}/evaluations{query}")).Problem(status, field);
    }

    [Theory]
    [InlineData("2026-11-28", HttpStatusCode.UnprocessableEntity, "day")]
    [InlineData("2027-01-01", HttpStatusCode.UnprocessableEntity, "day")]
    [InlineData("2026-11-27T00:00:00Z", HttpStatusCode.BadRequest, "day")]
    [InlineData("2026-02-30", HttpStatusCode.BadRequest, "day")]
    public async Task A_report_of_a_day_not_yet_over_or_not_a_day_is_refused_naming_the_day(string day, HttpStatusCode status, string field)
    {
        var app = fixture.App;
        var before = await Stored.Of(app);
        var pk = await app.As("pk.liaison");

        await (await pk.GetAsync($"/api/v1/crossings/torkham/reports/{Uri.EscapeDataString(day)}")).Problem(status, field);
        await (await pk.GetAsync($"/api/v1/crossings/torkham/reports/{Uri.EscapeDataString(day)}.pdf")).Problem(status, field);
        await (await pk.Post($"/api/v1/crossings/torkham/reports/{Uri.EscapeDataString(day)}/countersignatures", new { headHash = new string('0', 64) })).Problem(status, field);

        Assert.Equal(before, await Stored.Of(app));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.UnprocessableEntity)]
    [InlineData("", HttpStatusCode.UnprocessableEntity)]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789", HttpStatusCode.UnprocessableEntity)]
    [InlineData("0123456789abcdef", HttpStatusCode.UnprocessableEntity)]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", HttpStatusCode.Conflict)]
    public async Task A_countersignature_of_a_head_that_is_not_the_reports_is_refused_naming_the_head_hash(string? headHash, HttpStatusCode status)
    {
        var app = fixture.App;
        var before = await Stored.Of(app);
        await (await (await app.As("af.liaison")).Post("/api/v1/crossings/torkham/reports/2026-11-27/countersignatures", new { headHash })).Problem(status, "headHash");
        Assert.Equal(before, await Stored.Of(app));
    }

    [Fact]
    public async Task A_second_countersignature_of_the_same_side_is_refused_naming_the_side()
    {
        var app = fixture.App;
        var pk = await app.As("pk.liaison");
        var head = await Registers.ReportHeadAsync(app);
        await (await pk.Post("/api/v1/crossings/torkham/reports/2026-11-26/countersignatures", new { headHash = (await pk.GetJson("/api/v1/crossings/torkham/reports/2026-11-26")).GetProperty("headHash").GetString() }))
            .Json(HttpStatusCode.Created);
        var before = await Stored.Of(app);

        var again = (await pk.GetJson("/api/v1/crossings/torkham/reports/2026-11-26")).GetProperty("headHash").GetString();
        await (await pk.Post("/api/v1/crossings/torkham/reports/2026-11-26/countersignatures", new { headHash = again })).Problem(HttpStatusCode.Conflict, "side");
        await (await pk.Post("/api/v1/crossings/torkham/reports/2026-11-26/countersignatures", new { headHash = head, side = "AF" })).Problem(HttpStatusCode.BadRequest, "side");

        Assert.Equal(before, await Stored.Of(app));
    }

    [Fact]
    public async Task A_pdf_in_a_language_the_pages_do_not_speak_is_refused_naming_it()
    {
        await (await (await fixture.App.As("pk.liaison")).GetAsync("/api/v1/crossings/torkham/reports/2026-11-27.pdf?language=de")).Problem(HttpStatusCode.UnprocessableEntity, "language");
    }
}
