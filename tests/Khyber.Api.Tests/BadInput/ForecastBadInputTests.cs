using System.Net;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using static Khyber.Api.Tests.BadInput.BadFields;

namespace Khyber.Api.Tests.BadInput;

/// <summary>Every field of a forecast request, sent wrong: a problem naming the field, and nothing written.</summary>
public sealed class ForecastBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static readonly DateTimeOffset Now = KhyberFactory.Start;

    private static JsonObject Closure(JsonObject b) => b["closure"]!.AsObject();

    private static JsonArray Plans(JsonObject b) => (b["alternatives"] ??= new JsonArray()).AsArray();

    private static readonly BadFields Cases = new()
    {
        { "crossingId missing", b => b.Remove("crossingId"), Invalid, "crossingId" },
        { "crossingId null", b => b["crossingId"] = null, Invalid, "crossingId" },
        { "crossingId blank", b => b["crossingId"] = " ", Invalid, "crossingId" },
        { "crossingId unknown", b => b["crossingId"] = "wagah", Invalid, "crossingId" },
        { "crossingId too long", b => b["crossingId"] = Long(5000), Invalid, "crossingId" },
        { "crossingId a number", b => b["crossingId"] = 7, Malformed, "crossingId" },

        { "direction missing", b => b.Remove("direction"), Invalid, "direction" },
        { "direction unknown", b => b["direction"] = "PK-IN", Invalid, "direction" },
        { "direction a number", b => b["direction"] = 1, Malformed, "direction" },

        { "closure a string", b => b["closure"] = "72h", Malformed, "closure" },
        { "closure.hours missing", b => Closure(b).Remove("hours"), Invalid, "closure.hours" },
        { "closure.hours negative", b => Closure(b)["hours"] = -1, Invalid, "closure.hours" },
        { "closure.hours above 720", b => Closure(b)["hours"] = 721, Invalid, "closure.hours" },
        { "closure.hours a string", b => Closure(b)["hours"] = "72", Malformed, "closure.hours" },
        { "closure.startsAt not a time", b => Closure(b)["startsAt"] = "tomorrow", Malformed, "closure.startsAt" },
        { "closure.startsAt over before now", b => Closure(b)["startsAt"] = Now.AddHours(-30).ToString("O"), Invalid, "closure.startsAt" },
        { "closure unknown field", b => Closure(b)["endsAt"] = Now.ToString("O"), Malformed, "closure.endsAt" },

        { "horizonHours missing", b => b.Remove("horizonHours"), Invalid, "horizonHours" },
        { "horizonHours zero", b => b["horizonHours"] = 0, Invalid, "horizonHours" },
        { "horizonHours above 2160", b => b["horizonHours"] = 2161, Invalid, "horizonHours" },
        { "horizonHours before the reopening", b => Closure(b)["hours"] = 48, Invalid, "horizonHours" },
        { "horizonHours a string", b => b["horizonHours"] = "240", Malformed, "horizonHours" },

        { "replications missing", b => b.Remove("replications"), Invalid, "replications" },
        { "replications one", b => b["replications"] = 1, Invalid, "replications" },
        { "replications above 1000", b => b["replications"] = 1001, Invalid, "replications" },
        { "replications a fraction", b => b["replications"] = 2.5, Malformed, "replications" },

        { "seed a string", b => b["seed"] = "7", Malformed, "seed" },
        { "seed a fraction", b => b["seed"] = 7.5, Malformed, "seed" },

        { "policy missing", b => b.Remove("policy"), Invalid, "policy" },
        { "policy unknown", b => b["policy"] = "priority", Invalid, "policy" },
        { "policy a number", b => b["policy"] = 0, Malformed, "policy" },

        { "lanes zero", b => b["lanes"] = 0, Invalid, "lanes" },
        { "lanes above lanesMax", b => b["lanes"] = 7, Invalid, "lanes" },
        { "lanes a fraction", b => b["lanes"] = 1.5, Malformed, "lanes" },

        { "alternatives an object", b => b["alternatives"] = new JsonObject(), Malformed, "alternatives" },
        { "alternatives five", b => b["alternatives"] = new JsonArray([.. Enumerable.Range(1, 5).Select(i => (JsonNode)new JsonObject { ["name"] = $"plan {i}", ["lanes"] = i })]), Invalid, "alternatives" },
        { "alternatives[0] null", b => Plans(b).Add(null), Invalid, "alternatives[0]" },
        { "alternatives[0] changes nothing", b => Plans(b).Add(new JsonObject { ["name"] = "same" }), Invalid, "alternatives[0]" },
        { "alternatives[0].name missing", b => Plans(b).Add(new JsonObject { ["lanes"] = 5 }), Invalid, "alternatives[0].name" },
        { "alternatives[0].name too long", b => Plans(b).Add(new JsonObject { ["name"] = Long(61), ["lanes"] = 5 }), Invalid, "alternatives[0].name" },
        { "alternatives[0].name a number", b => Plans(b).Add(new JsonObject { ["name"] = 5, ["lanes"] = 5 }), Malformed, "alternatives[0].name" },
        { "alternatives[1].name repeated", b => { Plans(b).Add(new JsonObject { ["name"] = "more", ["lanes"] = 5 }); Plans(b).Add(new JsonObject { ["name"] = "more", ["lanes"] = 6 }); }, Invalid, "alternatives[1].name" },
        { "alternatives[0].lanes above lanesMax", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["lanes"] = 7 }), Invalid, "alternatives[0].lanes" },
        { "alternatives[0].lanes a fraction", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["lanes"] = 1.5 }), Malformed, "alternatives[0].lanes" },
        { "alternatives[0].hours24 a string", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["hours24"] = "yes" }), Malformed, "alternatives[0].hours24" },
        { "alternatives[0].hours24 round the clock already", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["hours24"] = true }), Invalid, "alternatives[0]" },
        { "alternatives[0].capacityPerLanePerHour zero", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["capacityPerLanePerHour"] = 0 }), Invalid, "alternatives[0].capacityPerLanePerHour" },
        { "alternatives[0].policy unknown", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["policy"] = "priority" }), Invalid, "alternatives[0].policy" },
        { "alternatives[0].greenLaneShare above 1", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["greenLaneShare"] = 2 }), Invalid, "alternatives[0].greenLaneShare" },
        { "alternatives[0].closureHours past the horizon", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["closureHours"] = 30 }), Invalid, "alternatives[0].closureHours" },
        { "alternatives[0] unknown field", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["lanesPerHour"] = 5 }), Malformed, "alternatives[0].lanesPerHour" },
        { "alternatives[0].letThrough a string", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["letThrough"] = "perishable" }), Malformed, "alternatives[0].letThrough" },
        { "alternatives[0].letThrough[1] unknown", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["letThrough"] = new JsonArray("perishable", "fruit") }), Invalid, "alternatives[0].letThrough[1]" },
        { "alternatives[0].letThrough[1] twice", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["letThrough"] = new JsonArray("humanitarian", "humanitarian") }), Invalid, "alternatives[0].letThrough[1]" },
        { "alternatives[0].letThrough empty", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["letThrough"] = new JsonArray() }), Invalid, "alternatives[0]" },
        { "alternatives[0].letThrough without a closure", b => Plans(b).Add(new JsonObject { ["name"] = "a", ["closureHours"] = 0, ["letThrough"] = new JsonArray("perishable") }), Invalid, "alternatives[0].letThrough" },
        { "fromLiveQueue a string", b => b["fromLiveQueue"] = "yes", Malformed, "fromLiveQueue" },
        { "calibrate a string", b => b["calibrate"] = "yes", Malformed, "calibrate" },
        { "unknown field", b => b["alternativeLanes"] = 5, Malformed, "alternativeLanes" },
    };

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_forecast_with_one_bad_field_is_refused_naming_the_field_and_writes_nothing(string @case)
    {
        var app = fixture.App;
        var (change, status, field) = Cases[@case];
        var body = new JsonObject
        {
            ["crossingId"] = "torkham",
            ["direction"] = "PK-AF",
            ["closure"] = new JsonObject { ["hours"] = 12 },
            ["horizonHours"] = 24,
            ["replications"] = 2,
            ["policy"] = "fifo",
        };
        change(body);
        var liaison = await app.As("pk.liaison");
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await liaison.Post("/api/v1/forecasts", body)).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
    }
}
