using System.Net;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Khyber.Api.Tests.BadInput.BadFields;

namespace Khyber.Api.Tests.BadInput;

/// <summary>Every field of a meeting, agreement, commitment, compliance report and dispute, sent wrong: a problem naming the field, and nothing recorded.</summary>
public sealed class RegisterBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static JsonObject Member(string name = "Khwaja Asif", string? title = "Minister of Defence") => new() { ["name"] = name, ["title"] = title };

    private static readonly BadFields Meeting = new()
    {
        { "heldOn missing", b => b.Remove("heldOn"), Invalid, "heldOn" },
        { "heldOn ahead", b => b["heldOn"] = "2026-12-05", Invalid, "heldOn" },
        { "heldOn a time, not a day", b => b["heldOn"] = "2026-11-27T10:00:00Z", Malformed, "heldOn" },
        { "heldOn an impossible date", b => b["heldOn"] = "2026-02-30", Malformed, "heldOn" },
        { "heldOn a number", b => b["heldOn"] = 20261127, Malformed, "heldOn" },

        { "place missing", b => b.Remove("place"), Invalid, "place" },
        { "place blank", b => b["place"] = " ", Invalid, "place" },
        { "place too long", b => b["place"] = Long(201), Invalid, "place" },
        { "place a number", b => b["place"] = 1, Malformed, "place" },

        { "delegations missing", b => b.Remove("delegations"), Invalid, "delegations" },
        { "delegations empty", b => b["delegations"] = new JsonArray(), Invalid, "delegations" },
        { "delegations an object", b => b["delegations"] = new JsonObject(), Malformed, "delegations" },
        { "delegations item null", b => b["delegations"] = new JsonArray((JsonNode?)null), Invalid, "delegations[0]" },
        { "delegations item a string", b => b["delegations"] = new JsonArray("PK"), Malformed, "delegations[0]" },
        { "delegations side missing", b => b["delegations"] = new JsonArray(new JsonObject { ["members"] = new JsonArray(Member()) }), Invalid, "delegations[0].side" },
        { "delegations side unknown", b => b["delegations"] = new JsonArray(new JsonObject { ["side"] = "CN", ["members"] = new JsonArray(Member()) }), Invalid, "delegations[0].side" },
        { "delegations side twice", b => b["delegations"] = new JsonArray(new JsonObject { ["side"] = "PK", ["members"] = new JsonArray(Member()) }, new JsonObject { ["side"] = "pk", ["members"] = new JsonArray(Member("Lt Gen Nadeem Anjum")) }), Invalid, "delegations[1].side" },
        { "delegations members missing", b => b["delegations"] = new JsonArray(new JsonObject { ["side"] = "PK" }), Invalid, "delegations[0].members" },
        { "delegations members empty", b => b["delegations"] = new JsonArray(new JsonObject { ["side"] = "PK", ["members"] = new JsonArray() }), Invalid, "delegations[0].members" },
        { "delegations members too many", b => b["delegations"] = new JsonArray(new JsonObject { ["side"] = "PK", ["members"] = new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)Member($"Member {i}"))]) }), Invalid, "delegations[0].members" },
        { "delegations member null", b => b["delegations"] = new JsonArray(new JsonObject { ["side"] = "PK", ["members"] = new JsonArray((JsonNode?)null) }), Invalid, "delegations[0].members[0]" },
        { "delegations member name missing", b => b["delegations"] = new JsonArray(new JsonObject { ["side"] = "PK", ["members"] = new JsonArray(new JsonObject { ["title"] = "Minister" }) }), Invalid, "delegations[0].members[0].name" },
        { "delegations member name too long", b => b["delegations"] = new JsonArray(new JsonObject { ["side"] = "PK", ["members"] = new JsonArray(Member(Long(201))) }), Invalid, "delegations[0].members[0].name" },
        { "delegations member title too long", b => b["delegations"] = new JsonArray(new JsonObject { ["side"] = "PK", ["members"] = new JsonArray(Member(title: Long(201))) }), Invalid, "delegations[0].members[0].title" },
        { "delegations member title a number", b => b["delegations"] = new JsonArray(new JsonObject { ["side"] = "PK", ["members"] = new JsonArray(new JsonObject { ["name"] = "X", ["title"] = 3 }) }), Malformed, "delegations[0].members[0].title" },
        { "delegations member with an unknown field", b => b["delegations"] = new JsonArray(new JsonObject { ["side"] = "PK", ["members"] = new JsonArray(new JsonObject { ["name"] = "X", ["rank"] = "General" }) }), Malformed, "delegations[0].members[0].rank" },

        { "topics missing", b => b.Remove("topics"), Invalid, "topics" },
        { "topics empty", b => b["topics"] = new JsonArray(), Invalid, "topics" },
        { "topics a string", b => b["topics"] = "trade", Malformed, "topics" },
        { "topics too many", b => b["topics"] = new JsonArray([.. Enumerable.Range(0, 21).Select(i => (JsonNode)JsonValue.Create($"topic {i}"))]), Invalid, "topics" },
        { "topics item blank", b => b["topics"] = new JsonArray("trade", " "), Invalid, "topics[1]" },
        { "topics item null", b => b["topics"] = new JsonArray((JsonNode?)null), Invalid, "topics[0]" },
        { "topics item too long", b => b["topics"] = new JsonArray(Long(101)), Invalid, "topics[0]" },
        { "topics item twice", b => b["topics"] = new JsonArray("trade", "Trade"), Invalid, "topics[1]" },
        { "topics item a number", b => b["topics"] = new JsonArray(1), Malformed, "topics[0]" },

        { "summary missing", b => b.Remove("summary"), Invalid, "summary" },
        { "summary too long", b => b["summary"] = Long(4001), Invalid, "summary" },
        { "summary a boolean", b => b["summary"] = true, Malformed, "summary" },

        { "unknown field", b => b["minutes"] = "…", Malformed, "minutes" },
    };

    private static readonly BadFields Agreement = new()
    {
        { "title missing", b => b.Remove("title"), Invalid, "title" },
        { "title blank", b => b["title"] = "", Invalid, "title" },
        { "title too long", b => b["title"] = Long(301), Invalid, "title" },
        { "title a number", b => b["title"] = 1, Malformed, "title" },
        { "meetingId unknown", b => b["meetingId"] = Guid.NewGuid().ToString(), Invalid, "meetingId" },
        { "meetingId not an id", b => b["meetingId"] = "kabul-1", Malformed, "meetingId" },
        { "meetingId a number", b => b["meetingId"] = 1, Malformed, "meetingId" },
        { "concludedOn ahead", b => b["concludedOn"] = "2027-01-01", Invalid, "concludedOn" },
        { "concludedOn not a day", b => b["concludedOn"] = "yesterday", Malformed, "concludedOn" },
        { "unknown field", b => b["parties"] = new JsonArray("PK", "AF"), Malformed, "parties" },
    };

    private static readonly BadFields Commitment = new()
    {
        { "obligorSide missing", b => b.Remove("obligorSide"), Invalid, "obligorSide" },
        { "obligorSide unknown", b => b["obligorSide"] = "both", Invalid, "obligorSide" },
        { "obligorSide a number", b => b["obligorSide"] = 1, Malformed, "obligorSide" },
        { "text missing", b => b.Remove("text"), Invalid, "text" },
        { "text blank", b => b["text"] = "\t", Invalid, "text" },
        { "text too long", b => b["text"] = Long(4001), Invalid, "text" },
        { "text an array", b => b["text"] = new JsonArray("a"), Malformed, "text" },
        { "dueOn before the agreement", b => b["dueOn"] = "2026-01-01", Invalid, "dueOn" },
        { "dueOn not a day", b => b["dueOn"] = "next week", Malformed, "dueOn" },
        { "dueOn a number", b => b["dueOn"] = 7, Malformed, "dueOn" },
        { "unknown field", b => b["status"] = "open", Malformed, "status" },
    };

    private static readonly BadFields Report = new()
    {
        { "status missing", b => b.Remove("status"), Invalid, "status" },
        { "status unknown", b => b["status"] = "disputed", Invalid, "status" },
        { "status an enum number as text", b => b["status"] = "1", Invalid, "status" },
        { "status a number", b => b["status"] = 1, Malformed, "status" },
        { "evidence missing", b => b.Remove("evidence"), Invalid, "evidence" },
        { "evidence blank", b => b["evidence"] = " ", Invalid, "evidence" },
        { "evidence too long", b => b["evidence"] = Long(4001), Invalid, "evidence" },
        { "evidence a number", b => b["evidence"] = 1, Malformed, "evidence" },
        { "unknown field", b => b["side"] = "PK", Malformed, "side" },
    };

    private static readonly BadFields Dispute = new()
    {
        { "statement missing", b => b.Remove("statement"), Invalid, "statement" },
        { "statement blank", b => b["statement"] = "", Invalid, "statement" },
        { "statement too long", b => b["statement"] = Long(4001), Invalid, "statement" },
        { "statement a number", b => b["statement"] = 1, Malformed, "statement" },
        { "unknown field", b => b["evidence"] = "…", Malformed, "evidence" },
    };

    /// <summary>Which body each table breaks, the valid body and where it goes.</summary>
    private static readonly Dictionary<string, (BadFields Cases, string User, Func<JsonObject> Valid, Func<TestApp, Guid, Task<string>> Url)> Bodies = new()
    {
        ["meeting"] = (Meeting, "pk.liaison", MeetingBuilder.Build, (_, _) => Task.FromResult("/api/v1/meetings")),
        ["agreement"] = (Agreement, "af.liaison", () => new JsonObject { ["title"] = "Kabul understanding", ["concludedOn"] = "2026-11-27" }, (_, _) => Task.FromResult("/api/v1/agreements")),
        ["commitment"] = (Commitment, "pk.liaison", () => new JsonObject { ["obligorSide"] = "PK", ["text"] = "Resume transit trucks.", ["dueOn"] = "2026-12-05" },
            async (app, commitment) => $"/api/v1/agreements/{await app.Db(db => db.Commitments.Where(c => c.Id == commitment).Select(c => c.AgreementId).SingleAsync())}/commitments"),
        ["report"] = (Report, "pk.liaison", () => new JsonObject { ["status"] = "on-track", ["evidence"] = "Trucks cleared." },
            (_, commitment) => Task.FromResult($"/api/v1/commitments/{commitment}/reports")),
        ["dispute"] = (Dispute, "af.liaison", () => new JsonObject { ["statement"] = "Not cleared." },
            (_, commitment) => Task.FromResult($"/api/v1/commitments/{commitment}/disputes")),
    };

    public static TheoryData<string, string> Names()
    {
        var data = new TheoryData<string, string>();
        foreach (var (body, (cases, _, _, _)) in Bodies)
        {
            foreach (var name in cases.Keys)
            {
                data.Add(body, name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_register_body_with_one_bad_field_is_refused_naming_the_field_and_records_nothing(string body, string @case)
    {
        var app = fixture.App;
        var (cases, user, valid, url) = Bodies[body];
        var (change, status, field) = cases[@case];
        var request = valid();
        change(request);
        // One commitment owed by PK, in its agreement, for the whole class.
        var target = await url(app, await fixture.Subject(a => Registers.CommitmentAsync(a, obligor: "PK")));
        var client = await app.As(user);
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await client.Post(target, request, idempotencyKey: $"bad-{Guid.NewGuid():N}")).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
    }
}
