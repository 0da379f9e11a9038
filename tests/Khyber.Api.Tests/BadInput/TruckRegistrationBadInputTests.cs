using System.Net;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using static Khyber.Api.Tests.BadInput.BadFields;

namespace Khyber.Api.Tests.BadInput;

/// <summary>Every field of a truck registration, sent wrong: a problem naming the field, and no truck.</summary>
public sealed class TruckRegistrationBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static readonly DateTimeOffset Now = KhyberFactory.Start;

    private static JsonObject Driver(JsonObject b) => b["driver"]!.AsObject();

    private static JsonObject Cargo(JsonObject b) => b["cargo"]!.AsObject();

    private static readonly BadFields Cases = new()
    {
        { "crossingId missing", b => b.Remove("crossingId"), Invalid, "crossingId" },
        { "crossingId null", b => b["crossingId"] = null, Invalid, "crossingId" },
        { "crossingId empty", b => b["crossingId"] = "", Invalid, "crossingId" },
        { "crossingId unknown", b => b["crossingId"] = "wagah", Invalid, "crossingId" },
        { "crossingId too long", b => b["crossingId"] = Long(5000), Invalid, "crossingId" },
        { "crossingId a number", b => b["crossingId"] = 7, Malformed, "crossingId" },

        { "direction missing", b => b.Remove("direction"), Invalid, "direction" },
        { "direction unknown", b => b["direction"] = "PK-IN", Invalid, "direction" },
        { "direction empty", b => b["direction"] = "", Invalid, "direction" },
        { "direction a number", b => b["direction"] = 1, Malformed, "direction" },
        { "direction an array", b => b["direction"] = new JsonArray("PK-AF"), Malformed, "direction" },

        { "plate missing", b => b.Remove("plate"), Invalid, "plate" },
        { "plate blank", b => b["plate"] = "   ", Invalid, "plate" },
        { "plate too short", b => b["plate"] = "P", Invalid, "plate" },
        { "plate too long", b => b["plate"] = "PES1234567890123", Invalid, "plate" },
        { "plate with symbols", b => b["plate"] = "PES@123", Invalid, "plate" },
        { "plate starting with a dash", b => b["plate"] = "-PES123", Invalid, "plate" },
        { "plate a number", b => b["plate"] = 1234, Malformed, "plate" },

        { "registrationCountry missing", b => b.Remove("registrationCountry"), Invalid, "registrationCountry" },
        { "registrationCountry lower case", b => b["registrationCountry"] = "pk", Invalid, "registrationCountry" },
        { "registrationCountry alpha-3", b => b["registrationCountry"] = "PAK", Invalid, "registrationCountry" },
        { "registrationCountry not a country", b => b["registrationCountry"] = "XX", Invalid, "registrationCountry" },
        { "registrationCountry a number", b => b["registrationCountry"] = 92, Malformed, "registrationCountry" },

        { "driver missing", b => b.Remove("driver"), Invalid, "driver.name" },
        { "driver null", b => b["driver"] = null, Invalid, "driver.documentNumber" },
        { "driver a string", b => b["driver"] = "Gul Zaman", Malformed, "driver" },
        { "driver.name missing", b => Driver(b).Remove("name"), Invalid, "driver.name" },
        { "driver.name blank", b => Driver(b)["name"] = " ", Invalid, "driver.name" },
        { "driver.name too long", b => Driver(b)["name"] = Long(201), Invalid, "driver.name" },
        { "driver.name with a control character", b => Driver(b)["name"] = "Gul\u0007Zaman", Invalid, "driver.name" },
        { "driver.name a number", b => Driver(b)["name"] = 5, Malformed, "driver.name" },
        { "driver.name an object", b => Driver(b)["name"] = new JsonObject { ["first"] = "Gul" }, Malformed, "driver.name" },
        { "driver.documentNumber missing", b => Driver(b).Remove("documentNumber"), Invalid, "driver.documentNumber" },
        { "driver.documentNumber too short", b => Driver(b)["documentNumber"] = "PK1", Invalid, "driver.documentNumber" },
        { "driver.documentNumber too long", b => Driver(b)["documentNumber"] = "PK12345678901234567890", Invalid, "driver.documentNumber" },
        { "driver.documentNumber with spaces and symbols", b => Driver(b)["documentNumber"] = "PK 123/456", Invalid, "driver.documentNumber" },
        { "driver.documentNumber a number", b => Driver(b)["documentNumber"] = 1234567, Malformed, "driver.documentNumber" },
        { "driver unknown field", b => Driver(b)["age"] = 40, Malformed, "driver.age" },
        { "driver.phone malformed", b => Driver(b)["phone"] = "call me on 0300", Invalid, "driver.phone" },
        { "driver.phone too few digits", b => Driver(b)["phone"] = "+93 70 123", Invalid, "driver.phone" },
        { "driver.phone a landline", b => Driver(b)["phone"] = "+92 42 35761234", Invalid, "driver.phone" },
        { "driver.phone an Afghan landline", b => Driver(b)["phone"] = "+93 20 230 1234", Invalid, "driver.phone" },
        { "driver.phone without a country code, not of the registration country", b => Driver(b)["phone"] = "070 123 4567", Invalid, "driver.phone" },
        { "driver.phone too long", b => Driver(b)["phone"] = "+93 " + new string('7', 40), Invalid, "driver.phone" },
        { "driver.phone in Arabic-Indic digits", b => Driver(b)["phone"] = "+٩٣٧٠١٢٣٤٥٦٧", Invalid, "driver.phone" },
        { "driver.phone empty", b => Driver(b)["phone"] = "", Invalid, "driver.phone" },
        { "driver.phone a number", b => Driver(b)["phone"] = 93701234567, Malformed, "driver.phone" },
        { "driver.language unknown", b => Driver(b)["language"] = "de", Invalid, "driver.language" },
        { "driver.language Farsi of Iran", b => Driver(b)["language"] = "fa", Invalid, "driver.language" },
        { "driver.language a name", b => Driver(b)["language"] = "Pashto", Invalid, "driver.language" },
        { "driver.language empty", b => Driver(b)["language"] = "", Invalid, "driver.language" },
        { "driver.language a number", b => Driver(b)["language"] = 2, Malformed, "driver.language" },

        { "cargo missing", b => b.Remove("cargo"), Invalid, "cargo.category" },
        { "cargo an array", b => b["cargo"] = new JsonArray(), Malformed, "cargo" },
        { "cargo.description missing", b => Cargo(b).Remove("description"), Invalid, "cargo.description" },
        { "cargo.description blank", b => Cargo(b)["description"] = "", Invalid, "cargo.description" },
        { "cargo.description too long", b => Cargo(b)["description"] = Long(501), Invalid, "cargo.description" },
        { "cargo.description with a control character", b => Cargo(b)["description"] = "Cement\u0000", Invalid, "cargo.description" },
        { "cargo.description a boolean", b => Cargo(b)["description"] = true, Malformed, "cargo.description" },
        { "cargo.hsCode missing", b => Cargo(b).Remove("hsCode"), Invalid, "cargo.hsCode" },
        { "cargo.hsCode five digits", b => Cargo(b)["hsCode"] = "25232", Invalid, "cargo.hsCode" },
        { "cargo.hsCode seven digits", b => Cargo(b)["hsCode"] = "2523290", Invalid, "cargo.hsCode" },
        { "cargo.hsCode with a dot", b => Cargo(b)["hsCode"] = "2523.29", Invalid, "cargo.hsCode" },
        { "cargo.hsCode letters", b => Cargo(b)["hsCode"] = "ABCDEF", Invalid, "cargo.hsCode" },
        { "cargo.hsCode a number", b => Cargo(b)["hsCode"] = 252329, Malformed, "cargo.hsCode" },
        { "cargo.category missing", b => Cargo(b).Remove("category"), Invalid, "cargo.category" },
        { "cargo.category unknown", b => Cargo(b)["category"] = "livestock", Invalid, "cargo.category" },
        { "cargo.category an enum number as text", b => Cargo(b)["category"] = "2", Invalid, "cargo.category" },
        { "cargo.category a number", b => Cargo(b)["category"] = 2, Malformed, "cargo.category" },
        { "cargo.valueUsd missing", b => Cargo(b).Remove("valueUsd"), Invalid, "cargo.valueUsd" },
        { "cargo.valueUsd negative", b => Cargo(b)["valueUsd"] = -1, Invalid, "cargo.valueUsd" },
        { "cargo.valueUsd above the limit", b => Cargo(b)["valueUsd"] = 100_000_000.01m, Invalid, "cargo.valueUsd" },
        { "cargo.valueUsd a string", b => Cargo(b)["valueUsd"] = "12000", Malformed, "cargo.valueUsd" },
        { "cargo.valueUsd beyond decimal", b => Cargo(b)["valueUsd"] = 1e300, Malformed, "cargo.valueUsd" },
        { "cargo.weightKg missing", b => Cargo(b).Remove("weightKg"), Invalid, "cargo.weightKg" },
        { "cargo.weightKg zero", b => Cargo(b)["weightKg"] = 0, Invalid, "cargo.weightKg" },
        { "cargo.weightKg negative", b => Cargo(b)["weightKg"] = -500, Invalid, "cargo.weightKg" },
        { "cargo.weightKg above the limit", b => Cargo(b)["weightKg"] = 80_001, Invalid, "cargo.weightKg" },
        { "cargo.weightKg a string", b => Cargo(b)["weightKg"] = "20 t", Malformed, "cargo.weightKg" },
        { "cargo.spoilsAt in the past", b => Perishable(b)["spoilsAt"] = Now.AddHours(-1).ToString("O"), Invalid, "cargo.spoilsAt" },
        { "cargo.spoilsAt right now", b => Perishable(b)["spoilsAt"] = Now.ToString("O"), Invalid, "cargo.spoilsAt" },
        { "cargo.spoilsAt missing for a perishable", b => Perishable(b), Invalid, "cargo.spoilsAt" },
        { "cargo.spoilsAt on general cargo", b => Cargo(b)["spoilsAt"] = Now.AddDays(2).ToString("O"), Invalid, "cargo.spoilsAt" },
        { "cargo.spoilsAt not a time", b => Perishable(b)["spoilsAt"] = "next week", Malformed, "cargo.spoilsAt" },
        { "cargo.spoilsAt an impossible date", b => Perishable(b)["spoilsAt"] = "2026-02-30T10:00:00Z", Malformed, "cargo.spoilsAt" },
        { "cargo.spoilsAt a number", b => Perishable(b)["spoilsAt"] = 1_800_000_000, Malformed, "cargo.spoilsAt" },
        { "cargo.shelfLifeHours zero", b => Perishable(b)["shelfLifeHours"] = 0, Invalid, "cargo.shelfLifeHours" },
        { "cargo.shelfLifeHours negative", b => Perishable(b)["shelfLifeHours"] = -12, Invalid, "cargo.shelfLifeHours" },
        { "cargo.shelfLifeHours above a year", b => Perishable(b)["shelfLifeHours"] = 24 * 365 + 1, Invalid, "cargo.shelfLifeHours" },
        { "cargo.shelfLifeHours on general cargo", b => Cargo(b)["shelfLifeHours"] = 48, Invalid, "cargo.shelfLifeHours" },
        { "cargo.shelfLifeHours a string", b => Perishable(b)["shelfLifeHours"] = "48", Malformed, "cargo.shelfLifeHours" },
        { "cargo unknown field", b => Cargo(b)["colour"] = "grey", Malformed, "cargo.colour" },
    };

    /// <summary>Makes the cargo perishable without a spoil time, for the case to add one.</summary>
    private static JsonObject Perishable(JsonObject b)
    {
        var cargo = Cargo(b);
        cargo["category"] = "perishable";
        cargo["hsCode"] = "080521";
        return cargo;
    }

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_registration_with_one_bad_field_is_refused_naming_the_field_and_registers_nothing(string @case)
    {
        var app = fixture.App;
        var (change, status, field) = Cases[@case];
        var body = new TruckBuilder().Build();
        change(body);
        var carrier = await app.As("carrier.demo");
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await carrier.Post("/api/v1/trucks", body, idempotencyKey: $"bad-{Guid.NewGuid():N}")).Problem(status, field));

        Assert.Equal(before, await Stored.Of(app));
    }

    [Theory]
    [InlineData("blank")]
    [InlineData("longer than 200 characters")]
    public async Task A_registration_with_a_bad_idempotency_key_is_refused_naming_the_header_and_registers_nothing(string @case)
    {
        var app = fixture.App;
        var carrier = await app.As("carrier.demo");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/trucks")
        {
            Content = new StringContent(new TruckBuilder().Build().ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", @case == "blank" ? "   " : new string('k', 201)));
        var before = await Stored.Of(app);

        ProblemText.TellsNoInternals(await (await carrier.SendAsync(request)).Problem(Malformed, "Idempotency-Key"));

        Assert.Equal(before, await Stored.Of(app));
    }

    [Fact]
    public async Task A_registration_repeating_an_idempotency_key_with_another_body_is_refused_and_registers_no_second_truck()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build(), idempotencyKey: "truck-1")).Json(HttpStatusCode.Created);
        var before = await Stored.Of(app);
        Assert.Equal(1, before.Trucks);

        ProblemText.TellsNoInternals(await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build(), idempotencyKey: "truck-1")).Problem(Invalid, "Idempotency-Key"));

        Assert.Equal(before, await Stored.Of(app));
    }
}
