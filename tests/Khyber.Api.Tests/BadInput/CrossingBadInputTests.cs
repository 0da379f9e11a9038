using System.Net;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Crossings;
using Khyber.Api.Tests.Support;
using static Khyber.Api.Tests.BadInput.BadFields;

namespace Khyber.Api.Tests.BadInput;

/// <summary>Every field of an administrator's crossing, sent wrong: a problem naming the field, and nothing written — on creation and on change.</summary>
public sealed class CrossingBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static JsonObject Side(JsonObject b, int i) => b["sides"]![i]!.AsObject();

    private static JsonObject Direction(JsonObject b, int i) => b["directions"]![i]!.AsObject();

    private static readonly BadFields Cases = new()
    {
        { "name missing", b => b.Remove("name"), Invalid, "name" },
        { "name blank", b => b["name"] = " ", Invalid, "name" },
        { "name too long", b => b["name"] = Long(201), Invalid, "name" },
        { "name a number", b => b["name"] = 7, Malformed, "name" },
        { "minimumNoticeHours negative", b => b["minimumNoticeHours"] = -1, Invalid, "minimumNoticeHours" },
        { "minimumNoticeHours a fraction", b => b["minimumNoticeHours"] = 1.5, Malformed, "minimumNoticeHours" },
        { "noShowMinutes zero", b => b["noShowMinutes"] = 0, Invalid, "noShowMinutes" },

        { "sides missing", b => b.Remove("sides"), Invalid, "sides" },
        { "sides one only", b => b["sides"]!.AsArray().RemoveAt(1), Invalid, "sides" },
        { "side country unknown", b => Side(b, 1)["country"] = "IR", Invalid, "sides[1].country" },
        { "side country twice", b => Side(b, 1)["country"] = "PK", Invalid, "sides[1].country" },
        { "side authority missing", b => Side(b, 0).Remove("authority"), Invalid, "sides[0].authority" },
        { "side authority too long", b => Side(b, 0)["authority"] = Long(201), Invalid, "sides[0].authority" },
        { "time zone unknown", b => Side(b, 0)["timeZone"] = "Asia/Peshawar", Invalid, "sides[0].timeZone" },
        { "time zone a Windows name", b => Side(b, 1)["timeZone"] = "Afghanistan Standard Time", Invalid, "sides[1].timeZone" },
        { "time zone a path", b => Side(b, 1)["timeZone"] = "../../etc/passwd", Invalid, "sides[1].timeZone" },
        { "time zone missing", b => Side(b, 0).Remove("timeZone"), Invalid, "sides[0].timeZone" },
        { "closing before opening", b => (Side(b, 0)["opensAt"], Side(b, 0)["closesAt"]) = ("19:00", "07:00"), Invalid, "sides[0].closesAt" },
        { "closing when opening", b => Side(b, 1)["closesAt"] = "08:00", Invalid, "sides[1].closesAt" },
        { "overnight that is not", b => Side(b, 0)["overnight"] = true, Invalid, "sides[0].overnight" },
        { "opening not a time", b => Side(b, 0)["opensAt"] = "8am", Invalid, "sides[0].opensAt" },
        { "opening 24:00", b => Side(b, 0)["opensAt"] = "24:00", Invalid, "sides[0].opensAt" },
        { "opening with seconds", b => Side(b, 0)["opensAt"] = "08:00:00", Invalid, "sides[0].opensAt" },
        { "opening a number", b => Side(b, 0)["opensAt"] = 8, Malformed, "sides[0].opensAt" },
        { "closing missing", b => Side(b, 1).Remove("closesAt"), Invalid, "sides[1].closesAt" },
        { "round the clock with hours", b => Side(b, 0)["roundTheClock"] = true, Invalid, "sides[0].roundTheClock" },
        { "hours that never meet", b => (Side(b, 0)["opensAt"], Side(b, 0)["closesAt"], Side(b, 1)["opensAt"], Side(b, 1)["closesAt"]) = ("07:00", "09:00", "10:00", "12:00"), Invalid, "sides" },

        { "directions missing", b => b.Remove("directions"), Invalid, "directions" },
        { "direction unknown", b => Direction(b, 1)["direction"] = "PK-IR", Invalid, "directions[1].direction" },
        { "direction twice", b => Direction(b, 1)["direction"] = "PK-AF", Invalid, "directions[1].direction" },
        { "lanes open above maximum", b => Direction(b, 0)["lanesOpen"] = 4, Invalid, "directions[0].lanesOpen" },
        { "lanes open negative", b => Direction(b, 1)["lanesOpen"] = -1, Invalid, "directions[1].lanesOpen" },
        { "lanes open a fraction", b => Direction(b, 0)["lanesOpen"] = 1.5, Malformed, "directions[0].lanesOpen" },
        { "lanes maximum zero", b => Direction(b, 0)["lanesMax"] = 0, Invalid, "directions[0].lanesMax" },
        { "lanes maximum above 20", b => Direction(b, 0)["lanesMax"] = 21, Invalid, "directions[0].lanesMax" },
        { "negative capacity", b => Direction(b, 0)["trucksPerLanePerHour"] = -4, Invalid, "directions[0].trucksPerLanePerHour" },
        { "capacity missing", b => Direction(b, 1).Remove("trucksPerLanePerHour"), Invalid, "directions[1].trucksPerLanePerHour" },
        { "share above 1", b => Direction(b, 0)["perishableShare"] = 1.5, Invalid, "directions[0].perishableShare" },
        { "share negative", b => Direction(b, 1)["perishableShare"] = -0.1, Invalid, "directions[1].perishableShare" },
        { "ageing bound below an hour", b => Direction(b, 0)["ageingBoundHours"] = 0.5, Invalid, "directions[0].ageingBoundHours" },
        { "unknown field", b => b["hours"] = "24h", Malformed, "hours" },
        { "unknown field in a side", b => Side(b, 0)["opens"] = "08:00", Malformed, "sides[0].opens" },
    };

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_new_crossing_with_one_bad_field_is_refused_naming_the_field_and_writes_nothing(string @case)
    {
        var app = fixture.App;
        var (change, status, field) = Cases[@case];
        var body = CrossingAdministrationTests.NewCrossing();
        change(body);
        var admin = await app.As("admin");
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await admin.Post("/api/v1/admin/crossings", body)).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_change_with_one_bad_field_is_refused_naming_the_field_and_writes_nothing(string @case)
    {
        var app = fixture.App;
        var (change, status, field) = Cases[@case];
        var body = CrossingAdministrationTests.NewCrossing();
        body.Remove("id");
        change(body);
        var admin = await app.As("admin");
        var before = await Stored.Of(app);

        var response = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/v1/admin/crossings/ghulam-khan")
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        });
        ProblemText.TellsNoInternals(await response.Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
    }

    [Theory]
    [InlineData("ghulam khan")]
    [InlineData("Torkham")]
    [InlineData("torkham")]
    [InlineData("x")]
    [InlineData("")]
    public async Task A_slug_with_spaces_capitals_one_letter_or_an_id_already_taken_is_refused_naming_the_id(string id)
    {
        var app = fixture.App;
        var body = CrossingAdministrationTests.NewCrossing(id);
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await (await app.As("admin")).Post("/api/v1/admin/crossings", body)).Problem(HttpStatusCode.UnprocessableEntity, "id"));

        Assert.Equal(before, await Stored.Of(app));
    }

    [Fact]
    public async Task A_change_may_not_rename_the_id()
    {
        var app = fixture.App;
        var body = CrossingAdministrationTests.NewCrossing("ghulam-khan-2");
        var before = await Stored.Of(app);
        var response = await (await app.As("admin")).SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/v1/admin/crossings/ghulam-khan")
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        });
        await response.Problem(HttpStatusCode.UnprocessableEntity, "id");
        Assert.Equal(before, await Stored.Of(app));
    }
}
