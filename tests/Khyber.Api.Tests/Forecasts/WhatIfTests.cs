using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Forecasts;

/// <summary>What-if plans beside a forecast: each is the forecast as planned with its changes, on the same random numbers.</summary>
public sealed class WhatIfTests
{
    private static JsonObject Request(string crossing, params JsonObject[] alternatives) => new()
    {
        ["crossingId"] = crossing,
        ["direction"] = "PK-AF",
        ["closure"] = new JsonObject { ["hours"] = 48 },
        ["horizonHours"] = 480,
        ["replications"] = 20,
        ["seed"] = 11,
        ["policy"] = "fifo",
        ["alternatives"] = new JsonArray([.. alternatives]),
    };

    private static JsonObject Plan(string name, string field, JsonNode value) => new() { ["name"] = name, [field] = value };

    private static double Mean(JsonElement plan, string figure) => plan.GetProperty(figure).GetProperty("mean").GetDouble();

    private static double StillWaiting(JsonElement plan) => Mean(plan, "stillWaiting");

    private static double Spoiled(JsonElement plan) => plan.GetProperty("spoiled").GetProperty("trucks").GetProperty("mean").GetDouble();

    [Fact]
    public async Task Four_plans_are_compared_with_the_forecast_as_planned_and_each_moves_the_figures_its_own_way()
    {
        await using var app = await TestApp.StartAsync();
        var liaison = await app.As("pk.liaison");

        // Ghulam Khan: two of its three lanes open, both gates open by day only.
        var forecast = await (await liaison.Post("/api/v1/forecasts", Request("ghulam-khan",
            Plan("one more lane", "lanes", 3),
            Plan("24 h", "hours24", true),
            new JsonObject { ["name"] = "green lane for perishables", ["policy"] = "green-lane", ["greenLaneShare"] = 0.9 },
            Plan("reopen after 12 h", "closureHours", 12)))).Json(HttpStatusCode.OK);

        var plans = forecast.GetProperty("alternatives").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(["as planned", "one more lane", "24 h", "green lane for perishables", "reopen after 12 h"],
            forecast.GetProperty("alternatives").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var planned = plans["as planned"];
        // The forecast as planned is the top-level forecast itself.
        Assert.Equal(forecast.GetProperty("spoiled").GetRawText(), planned.GetProperty("spoiled").GetRawText());
        Assert.Equal(forecast.GetProperty("backlog").GetRawText(), planned.GetProperty("backlog").GetRawText());
        Assert.Equal(JsonValueKind.Null, planned.GetProperty("changes").ValueKind);
        Assert.Equal(3, plans["one more lane"].GetProperty("changes").GetProperty("lanes").GetInt32());
        Assert.All(plans.Values, p => Assert.Equal(481, p.GetProperty("backlog").GetArrayLength()));

        // More lanes and round-the-clock gates leave fewer trucks waiting at the horizon, and a smaller peak.
        Assert.True(StillWaiting(plans["one more lane"]) < StillWaiting(planned), $"one more lane {StillWaiting(plans["one more lane"])}, planned {StillWaiting(planned)}");
        Assert.True(StillWaiting(plans["24 h"]) < StillWaiting(planned), $"24 h {StillWaiting(plans["24 h"])}, planned {StillWaiting(planned)}");
        Assert.True(plans["24 h"].GetProperty("peakBacklog").GetDouble() <= planned.GetProperty("peakBacklog").GetDouble());
        // Open round the clock the direction clears; its time to clear runs from now.
        var cleared = plans["24 h"].GetProperty("clearedAfterHours").GetDouble();
        Assert.InRange(cleared, 48, 480);
        Assert.Equal(48, plans["24 h"].GetProperty("reopensAfterHours").GetDouble());
        // The green lane lets fewer perishables rot; an earlier reopening too.
        Assert.True(Spoiled(plans["green lane for perishables"]) < Spoiled(planned), $"green lane {Spoiled(plans["green lane for perishables"])}, planned {Spoiled(planned)}");
        Assert.True(Spoiled(plans["reopen after 12 h"]) < Spoiled(planned), $"reopen after 12 h {Spoiled(plans["reopen after 12 h"])}, planned {Spoiled(planned)}");
        Assert.Equal(12, plans["reopen after 12 h"].GetProperty("reopensAfterHours").GetDouble());
        Assert.All(plans.Values, p => Assert.True(Mean(p, "turnedAway") >= 0 && Mean(p, "gaveUp") >= 0 && Mean(p, "divertedOut") >= 0));
    }

    [Fact]
    public async Task Plans_meet_the_same_trucks_so_a_plan_asked_again_beside_others_gives_the_same_figures()
    {
        await using var app = await TestApp.StartAsync();
        var liaison = await app.As("af.liaison");

        var alone = await (await liaison.Post("/api/v1/forecasts", Request("torkham", Plan("five lanes", "lanes", 5)))).Json(HttpStatusCode.OK);
        var among = await (await liaison.Post("/api/v1/forecasts", Request("torkham", Plan("two lanes", "lanes", 2), Plan("five lanes", "lanes", 5)))).Json(HttpStatusCode.OK);

        Assert.Equal(alone.GetProperty("alternatives")[1].GetRawText(), among.GetProperty("alternatives")[2].GetRawText());
        // Two lanes cannot keep up with Torkham's arrivals: more wait at the end than as planned with four.
        Assert.True(StillWaiting(among.GetProperty("alternatives")[1]) > StillWaiting(among.GetProperty("alternatives")[0]));

        // Without alternatives the answer is as before: no comparison.
        var plain = Request("torkham");
        plain.Remove("alternatives");
        Assert.Equal(JsonValueKind.Null, (await (await liaison.Post("/api/v1/forecasts", plain)).Json(HttpStatusCode.OK)).GetProperty("alternatives").ValueKind);
    }

    [Fact]
    public async Task Categories_let_through_the_closure_cross_while_it_stands_and_wait_less()
    {
        await using var app = await TestApp.StartAsync();
        var liaison = await app.As("pk.liaison");

        var forecast = await (await liaison.Post("/api/v1/forecasts", Request("ghulam-khan",
            Plan("perishables and aid through", "letThrough", new JsonArray("perishable", "humanitarian"))))).Json(HttpStatusCode.OK);

        var planned = forecast.GetProperty("alternatives")[0];
        var through = forecast.GetProperty("alternatives")[1];
        Assert.Equal(["perishable", "humanitarian"], through.GetProperty("changes").GetProperty("letThrough").EnumerateArray().Select(c => c.GetString()));
        // Perishables keep crossing during the 48 hours: fewer rot, and the queue at the peak is smaller.
        Assert.True(Spoiled(through) < Spoiled(planned), $"let through {Spoiled(through)}, planned {Spoiled(planned)}");
        Assert.True(through.GetProperty("peakBacklog").GetDouble() < planned.GetProperty("peakBacklog").GetDouble());
        // Trucks crossed during the closure, so fewer wait at the reopening (none cross then as planned).
        double WaitingAt(JsonElement plan, int hours) => plan.GetProperty("backlog")[hours].GetProperty("mean").GetDouble();
        Assert.True(WaitingAt(through, 47) < WaitingAt(planned, 47), "the backlog before the reopening is not smaller when perishables are let through");
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "more than four", """[{"name":"a","lanes":1},{"name":"b","lanes":2},{"name":"c","lanes":3},{"name":"d","lanes":5},{"name":"e","lanes":6}]""", "alternatives" },
        { "changes nothing", """[{"name":"a","lanes":5},{"name":"b","lanes":6},{"name":"same"}]""", "alternatives[2]" },
        { "only the lanes open now", """[{"name":"four lanes","lanes":4}]""", "alternatives[0]" },
        { "24 h at a crossing open round the clock", """[{"name":"24 h","hours24":true}]""", "alternatives[0]" },
        { "hours24 false only", """[{"name":"day","hours24":false}]""", "alternatives[0]" },
        { "a null plan", """[null]""", "alternatives[0]" },
        { "name missing", """[{"lanes":5}]""", "alternatives[0].name" },
        { "name blank", """[{"name":"  ","lanes":5}]""", "alternatives[0].name" },
        { "name too long", $$"""[{"name":"{{new string('x', 61)}}","lanes":5}]""", "alternatives[0].name" },
        { "names repeated", """[{"name":"More","lanes":5},{"name":"more","lanes":6}]""", "alternatives[1].name" },
        { "named as planned", """[{"name":"As planned","lanes":5}]""", "alternatives[0].name" },
        { "lanes zero", """[{"name":"a","lanes":0}]""", "alternatives[0].lanes" },
        { "lanes above lanesMax", """[{"name":"a","lanes":7}]""", "alternatives[0].lanes" },
        { "capacity zero", """[{"name":"a","capacityPerLanePerHour":0}]""", "alternatives[0].capacityPerLanePerHour" },
        { "capacity above 120", """[{"name":"a","capacityPerLanePerHour":121}]""", "alternatives[0].capacityPerLanePerHour" },
        { "policy unknown", """[{"name":"a","policy":"priority"}]""", "alternatives[0].policy" },
        { "greenLaneShare zero", """[{"name":"a","greenLaneShare":0}]""", "alternatives[0].greenLaneShare" },
        { "greenLaneShare above 1", """[{"name":"a","greenLaneShare":1.5}]""", "alternatives[0].greenLaneShare" },
        { "closureHours negative", """[{"name":"a","closureHours":-1}]""", "alternatives[0].closureHours" },
        { "closureHours above 720", """[{"name":"a","closureHours":721}]""", "alternatives[0].closureHours" },
        { "closureHours past the horizon", """[{"name":"a","closureHours":500}]""", "alternatives[0].closureHours" },
        { "too much work", """[{"name":"a","lanes":5}]""", "replications" },
        { "letThrough an unknown category", """[{"name":"a","letThrough":["perishable","fruit"]}]""", "alternatives[0].letThrough[1]" },
        { "letThrough with nothing to close", """[{"name":"a","closureHours":0,"letThrough":["perishable"]}]""", "alternatives[0].letThrough" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_plan_is_refused_naming_its_field(string @case, string alternatives, string field)
    {
        await using var app = await TestApp.StartAsync();
        var request = Request("torkham");
        request["alternatives"] = JsonNode.Parse(alternatives);
        if (@case == "too much work")
        {
            request["replications"] = 501;
        }

        var problem = await (await (await app.As("pk.liaison")).Post("/api/v1/forecasts", request)).Problem(HttpStatusCode.UnprocessableEntity, field);

        Assert.DoesNotContain("Exception", problem.GetRawText());
    }
}
