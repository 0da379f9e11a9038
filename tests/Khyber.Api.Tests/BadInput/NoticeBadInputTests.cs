using System.Net;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using static Khyber.Api.Tests.BadInput.BadFields;

namespace Khyber.Api.Tests.BadInput;

/// <summary>Every field of a notice, sent wrong: a problem naming the field, and no notice.</summary>
public sealed class NoticeBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static readonly DateTimeOffset Now = KhyberFactory.Start;

    private static readonly BadFields Cases = new()
    {
        { "gateState missing", b => b.Remove("gateState"), Invalid, "gateState" },
        { "gateState null", b => b["gateState"] = null, Invalid, "gateState" },
        { "gateState unknown", b => b["gateState"] = "half-open", Invalid, "gateState" },
        { "gateState an enum number as text", b => b["gateState"] = "2", Invalid, "gateState" },
        { "gateState a number", b => b["gateState"] = 2, Malformed, "gateState" },

        { "directions missing", b => b.Remove("directions"), Invalid, "directions" },
        { "directions empty", b => b["directions"] = new JsonArray(), Invalid, "directions" },
        { "directions a string", b => b["directions"] = "PK-AF", Malformed, "directions" },
        { "directions named twice", b => b["directions"] = new JsonArray("PK-AF", "pk-af"), Invalid, "directions" },
        { "directions item unknown", b => b["directions"] = new JsonArray("PK-AF", "PK-IN"), Invalid, "directions[1]" },
        { "directions item null", b => b["directions"] = new JsonArray((JsonNode?)null), Invalid, "directions[0]" },
        { "directions item a number", b => b["directions"] = new JsonArray(1), Malformed, "directions[0]" },

        { "reasonCategory missing", b => b.Remove("reasonCategory"), Invalid, "reasonCategory" },
        { "reasonCategory unknown", b => b["reasonCategory"] = "boredom", Invalid, "reasonCategory" },
        { "reasonCategory an enum number as text", b => b["reasonCategory"] = "1", Invalid, "reasonCategory" },
        { "reasonCategory a number", b => b["reasonCategory"] = 1, Malformed, "reasonCategory" },

        { "reason missing on a closure", b => b.Remove("reason"), Invalid, "reason" },
        { "reason blank on a closure", b => b["reason"] = "  \n ", Invalid, "reason" },
        { "reason missing on a restriction", b => { b["gateState"] = "restricted"; b.Remove("reason"); }, Invalid, "reason" },
        { "reason too long", b => b["reason"] = Long(2001), Invalid, "reason" },
        { "reason a number", b => b["reason"] = 42, Malformed, "reason" },

        { "effectiveFrom missing", b => b.Remove("effectiveFrom"), Invalid, "effectiveFrom" },
        { "effectiveFrom null", b => b["effectiveFrom"] = null, Invalid, "effectiveFrom" },
        { "effectiveFrom in the past", b => b["effectiveFrom"] = Now.AddHours(-1).ToString("O"), Invalid, "effectiveFrom" },
        { "effectiveFrom not a time", b => b["effectiveFrom"] = "tomorrow morning", Malformed, "effectiveFrom" },
        { "effectiveFrom an impossible date", b => b["effectiveFrom"] = "2026-13-01T00:00:00Z", Malformed, "effectiveFrom" },
        { "effectiveFrom a number", b => b["effectiveFrom"] = 1_795_000_000, Malformed, "effectiveFrom" },

        { "expectedUntil before effectiveFrom", b => b["expectedUntil"] = Now.AddHours(-2).ToString("O"), Invalid, "expectedUntil" },
        { "expectedUntil equal to effectiveFrom", b => b["expectedUntil"] = b["effectiveFrom"]!.GetValue<string>(), Invalid, "expectedUntil" },
        { "expectedUntil not a time", b => b["expectedUntil"] = "in three days", Malformed, "expectedUntil" },
        { "expectedUntil a number", b => b["expectedUntil"] = 72, Malformed, "expectedUntil" },

        { "emergency false on short notice", b => { b["emergency"] = false; b.Remove("emergencyJustification"); }, Invalid, "emergency" },
        { "emergency missing on short notice", b => { b.Remove("emergency"); b.Remove("emergencyJustification"); }, Invalid, "emergency" },
        { "emergency a string", b => b["emergency"] = "true", Malformed, "emergency" },
        { "emergency a number", b => b["emergency"] = 1, Malformed, "emergency" },

        { "emergencyJustification missing", b => b.Remove("emergencyJustification"), Invalid, "emergencyJustification" },
        { "emergencyJustification blank", b => b["emergencyJustification"] = " ", Invalid, "emergencyJustification" },
        { "emergencyJustification too long", b => b["emergencyJustification"] = Long(2001), Invalid, "emergencyJustification" },
        { "emergencyJustification a number", b => b["emergencyJustification"] = 9, Malformed, "emergencyJustification" },

        { "allowedCategories on a closure", b => b["allowedCategories"] = new JsonArray("perishable"), Invalid, "allowedCategories" },
        { "allowedCategories item unknown", b => { b["gateState"] = "restricted"; b["allowedCategories"] = new JsonArray("perishable", "gold"); }, Invalid, "allowedCategories[1]" },
        { "allowedCategories item a number", b => { b["gateState"] = "restricted"; b["allowedCategories"] = new JsonArray(1); }, Malformed, "allowedCategories[0]" },
        { "allowedCategories a string", b => { b["gateState"] = "restricted"; b["allowedCategories"] = "perishable"; }, Malformed, "allowedCategories" },

        { "incidentIds unknown", b => b["incidentIds"] = new JsonArray(Guid.NewGuid().ToString()), Invalid, "incidentIds[0]" },
        { "incidentIds a string", b => b["incidentIds"] = "INC-1", Malformed, "incidentIds" },
        { "incidentIds item an object", b => b["incidentIds"] = new JsonArray(new JsonObject()), Malformed, "incidentIds[0]" },
        { "commitmentIds unknown", b => b["commitmentIds"] = new JsonArray("c-1", "c-2"), Invalid, "commitmentIds[1]" },
        { "commitmentIds a number", b => b["commitmentIds"] = 3, Malformed, "commitmentIds" },
        { "commitmentIds item a number", b => b["commitmentIds"] = new JsonArray(3), Malformed, "commitmentIds[0]" },

        { "unknown field", b => b["side"] = "PK", Malformed, "side" },
    };

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_notice_with_one_bad_field_is_refused_naming_the_field_and_issues_nothing(string @case)
    {
        var app = fixture.App;
        var (change, status, field) = Cases[@case];
        var body = new NoticeBuilder().Build();
        change(body);
        var officer = await app.As("af.officer.torkham");
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await officer.Post("/api/v1/crossings/torkham/notices", body, idempotencyKey: $"bad-{Guid.NewGuid():N}")).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
    }

    [Theory]
    [InlineData("blank")]
    [InlineData("longer than 200 characters")]
    public async Task A_notice_with_a_bad_idempotency_key_is_refused_naming_the_header_and_issues_nothing(string @case)
    {
        var app = fixture.App;
        var officer = await app.As("af.officer.torkham");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/crossings/torkham/notices")
        {
            Content = new StringContent(new NoticeBuilder().Build().ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", @case == "blank" ? "  " : new string('k', 201)));
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await officer.SendAsync(request)).Problem(Malformed, "Idempotency-Key"));

        Assert.Equal(before, await Stored.Of(app));
    }
}
