using System.Net;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using static Khyber.Api.Tests.BadInput.BadFields;

namespace Khyber.Api.Tests.BadInput;

/// <summary>Every field of an incident report and of a response, sent wrong: a problem naming the field, and nothing logged.</summary>
public sealed class IncidentBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static readonly DateTimeOffset Now = KhyberFactory.Start;

    private static JsonObject Casualty(string side = "PK", string kind = "personnel", int killed = 0, int injured = 1) =>
        new() { ["side"] = side, ["kind"] = kind, ["killed"] = killed, ["injured"] = injured };

    private static readonly BadFields Report = new()
    {
        { "crossingId missing", b => b.Remove("crossingId"), Invalid, "crossingId" },
        { "crossingId unknown", b => b["crossingId"] = "wagah", Invalid, "crossingId" },
        { "crossingId a number", b => b["crossingId"] = 7, Malformed, "crossingId" },

        { "side missing", b => b.Remove("side"), Invalid, "side" },
        { "side unknown", b => b["side"] = "IN", Invalid, "side" },
        { "side an enum number as text", b => b["side"] = "0", Invalid, "side" },
        { "side a number", b => b["side"] = 0, Malformed, "side" },

        { "occurredAt missing", b => b.Remove("occurredAt"), Invalid, "occurredAt" },
        { "occurredAt in the future", b => b["occurredAt"] = Now.AddHours(1).ToString("O"), Invalid, "occurredAt" },
        { "occurredAt more than a year ago", b => b["occurredAt"] = Now.AddDays(-400).ToString("O"), Invalid, "occurredAt" },
        { "occurredAt not a time", b => b["occurredAt"] = "this morning", Malformed, "occurredAt" },
        { "occurredAt a number", b => b["occurredAt"] = 1_795_000_000, Malformed, "occurredAt" },

        { "category missing", b => b.Remove("category"), Invalid, "category" },
        { "category unknown", b => b["category"] = "skirmish", Invalid, "category" },
        { "category an enum number as text", b => b["category"] = "1", Invalid, "category" },
        { "category a number", b => b["category"] = 1, Malformed, "category" },

        { "casualties a string", b => b["casualties"] = "one injured", Malformed, "casualties" },
        { "casualties item null", b => b["casualties"] = new JsonArray((JsonNode?)null), Invalid, "casualties[0]" },
        { "casualties item a number", b => b["casualties"] = new JsonArray(1), Malformed, "casualties[0]" },
        { "casualties item counts nobody", b => b["casualties"] = new JsonArray(Casualty(injured: 0)), Invalid, "casualties[0]" },
        { "casualties item counted twice", b => b["casualties"] = new JsonArray(Casualty(), Casualty(side: "pk", killed: 1)), Invalid, "casualties[1]" },
        { "casualties item with an unknown field", b => b["casualties"] = new JsonArray(new JsonObject { ["side"] = "PK", ["kind"] = "personnel", ["killed"] = 0, ["injured"] = 1, ["missing"] = 2 }), Malformed, "casualties[0].missing" },
        { "casualties side missing", b => b["casualties"] = new JsonArray(new JsonObject { ["kind"] = "personnel", ["killed"] = 0, ["injured"] = 1 }), Invalid, "casualties[0].side" },
        { "casualties side unknown", b => b["casualties"] = new JsonArray(Casualty(side: "IR")), Invalid, "casualties[0].side" },
        { "casualties kind missing", b => b["casualties"] = new JsonArray(new JsonObject { ["side"] = "PK", ["killed"] = 0, ["injured"] = 1 }), Invalid, "casualties[0].kind" },
        { "casualties kind unknown", b => b["casualties"] = new JsonArray(Casualty(kind: "soldier")), Invalid, "casualties[0].kind" },
        { "casualties kind a number", b => b["casualties"] = new JsonArray(new JsonObject { ["side"] = "PK", ["kind"] = 0, ["killed"] = 0, ["injured"] = 1 }), Malformed, "casualties[0].kind" },
        { "casualties killed missing", b => b["casualties"] = new JsonArray(new JsonObject { ["side"] = "PK", ["kind"] = "personnel", ["injured"] = 1 }), Invalid, "casualties[0].killed" },
        { "casualties killed negative", b => b["casualties"] = new JsonArray(Casualty(killed: -1)), Invalid, "casualties[0].killed" },
        { "casualties killed a fraction", b => b["casualties"] = new JsonArray(new JsonObject { ["side"] = "PK", ["kind"] = "personnel", ["killed"] = 0.5, ["injured"] = 1 }), Malformed, "casualties[0].killed" },
        { "casualties killed a string", b => b["casualties"] = new JsonArray(new JsonObject { ["side"] = "PK", ["kind"] = "personnel", ["killed"] = "1", ["injured"] = 1 }), Malformed, "casualties[0].killed" },
        { "casualties injured missing", b => b["casualties"] = new JsonArray(new JsonObject { ["side"] = "PK", ["kind"] = "personnel", ["killed"] = 1 }), Invalid, "casualties[0].injured" },
        { "casualties injured too many", b => b["casualties"] = new JsonArray(Casualty(injured: 10_001)), Invalid, "casualties[0].injured" },
        { "casualties injured a string", b => b["casualties"] = new JsonArray(new JsonObject { ["side"] = "PK", ["kind"] = "personnel", ["killed"] = 0, ["injured"] = "one" }), Malformed, "casualties[0].injured" },

        { "description missing", b => b.Remove("description"), Invalid, "description" },
        { "description blank", b => b["description"] = " \n ", Invalid, "description" },
        { "description too long", b => b["description"] = Long(4001), Invalid, "description" },
        { "description a number", b => b["description"] = 5, Malformed, "description" },

        { "unknown field", b => b["severity"] = "high", Malformed, "severity" },
    };

    private static readonly BadFields Response = new()
    {
        { "stance missing", b => b.Remove("stance"), Invalid, "stance" },
        { "stance unknown", b => b["stance"] = "deny", Invalid, "stance" },
        { "stance an enum number as text", b => b["stance"] = "1", Invalid, "stance" },
        { "stance a number", b => b["stance"] = 1, Malformed, "stance" },
        { "statement missing", b => b.Remove("statement"), Invalid, "statement" },
        { "statement blank", b => b["statement"] = "   ", Invalid, "statement" },
        { "statement too long", b => b["statement"] = Long(4001), Invalid, "statement" },
        { "statement an object", b => b["statement"] = new JsonObject(), Malformed, "statement" },
        { "unknown field", b => b["side"] = "AF", Malformed, "side" },
    };

    public static TheoryData<string> ReportNames => Report.Names();

    public static TheoryData<string> ResponseNames => Response.Names();

    [Theory]
    [MemberData(nameof(ReportNames))]
    public async Task An_incident_with_one_bad_field_is_refused_naming_the_field_and_logs_nothing(string @case)
    {
        var app = fixture.App;
        var (change, status, field) = Report[@case];
        var body = new IncidentBuilder().Build();
        change(body);
        var officer = await app.As("pk.officer.torkham");
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await officer.Post("/api/v1/incidents", body, idempotencyKey: $"bad-{Guid.NewGuid():N}")).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
    }

    [Theory]
    [MemberData(nameof(ResponseNames))]
    public async Task A_response_with_one_bad_field_is_refused_naming_the_field_and_records_nothing(string @case)
    {
        var app = fixture.App;
        var incident = await fixture.Subject(a => Registers.IncidentAsync(a));
        var (change, status, field) = Response[@case];
        var body = new JsonObject { ["stance"] = "dispute", ["statement"] = "Pakistani forces fired first." };
        change(body);
        var liaison = await app.As("af.liaison");
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await liaison.Post($"/api/v1/incidents/{incident}/responses", body, idempotencyKey: $"bad-{Guid.NewGuid():N}")).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
    }
}
