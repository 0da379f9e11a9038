using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Khyber.Api.Tests.Support;

/// <summary>A valid incident report: an exchange of fire at Torkham reported by Pakistan, one guard injured.</summary>
public sealed class IncidentBuilder
{
    private string _crossing = "torkham";
    private string _side = "PK";

    public IncidentBuilder At(string crossing)
    {
        _crossing = crossing;
        return this;
    }

    public IncidentBuilder By(string side)
    {
        _side = side;
        return this;
    }

    public JsonObject Build() => new()
    {
        ["crossingId"] = _crossing,
        ["side"] = _side,
        ["occurredAt"] = KhyberFactory.Start.AddHours(-3).ToString("O"),
        ["category"] = "exchange-of-fire",
        ["casualties"] = new JsonArray(new JsonObject { ["side"] = "PK", ["kind"] = "personnel", ["killed"] = 0, ["injured"] = 1 }),
        ["description"] = "Fire exchanged at the zero point while the fence was repaired; one guard injured.",
    };
}

/// <summary>A valid meeting: the Kabul meeting of the source article.</summary>
public static class MeetingBuilder
{
    public static JsonObject Build() => new()
    {
        ["heldOn"] = "2026-11-27",
        ["place"] = "Kabul",
        ["delegations"] = new JsonArray(
            new JsonObject
            {
                ["side"] = "PK",
                ["members"] = new JsonArray(
                    new JsonObject { ["name"] = "Khwaja Asif", ["title"] = "Minister of Defence" },
                    new JsonObject { ["name"] = "Lt Gen Nadeem Anjum", ["title"] = "Director-General, ISI" }),
            },
            new JsonObject
            {
                ["side"] = "AF",
                ["members"] = new JsonArray(new JsonObject { ["name"] = "Mullah Abdul Ghani Baradar", ["title"] = "Acting Deputy Prime Minister for Economic Affairs" }),
            }),
        ["topics"] = new JsonArray("economic cooperation", "regional connectivity", "trade", "security"),
        ["summary"] = "Political and security issues should not hinder economic ties.",
    };
}

/// <summary>Setting up the register through the API, for tests that act on what is in it.</summary>
public static class Registers
{
    public static async Task<Guid> IncidentAsync(TestApp app, string user = "pk.officer.torkham", JsonObject? body = null)
    {
        var client = await app.As(user);
        var incident = await (await client.Post("/api/v1/incidents", body ?? new IncidentBuilder().Build())).Json(HttpStatusCode.Created);
        return incident.GetProperty("id").GetGuid();
    }

    public static async Task<Guid> AgreementAsync(TestApp app, string user = "pk.liaison")
    {
        var client = await app.As(user);
        var agreement = await (await client.Post("/api/v1/agreements", new { title = "Torkham crossing arrangements" })).Json(HttpStatusCode.Created);
        return agreement.GetProperty("id").GetGuid();
    }

    /// <summary>A commitment owed by <paramref name="obligor"/>, in a new agreement.</summary>
    public static async Task<Guid> CommitmentAsync(TestApp app, string obligor = "PK", string? dueOn = null)
    {
        var agreement = await AgreementAsync(app);
        var client = await app.As("pk.liaison");
        var commitment = await (await client.Post($"/api/v1/agreements/{agreement}/commitments",
            new { obligorSide = obligor, text = "Build no new structures at the zero point.", dueOn })).Json(HttpStatusCode.Created);
        return commitment.GetProperty("id").GetGuid();
    }

    /// <summary>
    /// A measured commitment owed by <paramref name="obligor"/>: at least one truck a day out of that side through Torkham,
    /// measured from 26 November 2026 — and measured, so that it has evaluations of the 26th and the 27th.
    /// </summary>
    public static async Task<Guid> MeasuredCommitmentAsync(TestApp app, string obligor = "PK")
    {
        var agreement = await AgreementAsync(app);
        var client = await app.As("pk.liaison");
        var metric = new { kind = "trucks-through", crossingId = "torkham", direction = obligor == "PK" ? "PK-AF" : "AF-PK", target = 1, measuredFrom = "2026-11-26" };
        var commitment = await (await client.Post($"/api/v1/agreements/{agreement}/commitments",
            new { obligorSide = obligor, text = "Let at least one truck a day through Torkham.", metric })).Json(HttpStatusCode.Created);
        await app.EvaluateAsync();
        return commitment.GetProperty("id").GetGuid();
    }

    /// <summary>The head hash Torkham's report of 27 November 2026 stands at now.</summary>
    public static async Task<string> ReportHeadAsync(TestApp app) =>
        (await (await app.As("pk.liaison")).GetJson("/api/v1/crossings/torkham/reports/2026-11-27")).GetProperty("headHash").GetString()!;

    public static string[] Ids(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
