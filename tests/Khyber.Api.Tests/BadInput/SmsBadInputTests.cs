using System.Net;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.BadInput;

/// <summary>
/// What Kannel (or anyone pretending to be it) sends Khyber, sent wrong: without the shared secret a 401; a bad
/// sender, an oversized or binary text, a report of an unknown message or of no known type — a problem naming the
/// field; and nothing written.
/// </summary>
public sealed class SmsBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private const string Secret = KhyberFactory.SmsSecret;

    public static TheoryData<string, string, int, string?> Inbound => new()
    {
        { "no secret", "from=%2B93701234567&text=status&id=a1", 401, null },
        { "a wrong secret", $"secret=wrong-{Secret}&from=%2B93701234567&text=status&id=a2", 401, null },
        { "the secret in another case", $"secret={Secret.ToUpperInvariant()}&from=%2B93701234567&text=status&id=a3", 401, null },
        { "no sender", $"secret={Secret}&text=status&id=a4", 422, "from" },
        { "a sender that is no number", $"secret={Secret}&from=KHYBER&text=status&id=a5", 422, "from" },
        { "a landline sender", $"secret={Secret}&from=%2B924235761234&text=status&id=a6", 422, "from" },
        { "no text", $"secret={Secret}&from=%2B93701234567&id=a7", 422, "text" },
        { "an oversized text", $"secret={Secret}&from=%2B93701234567&text={new string('x', 481)}&id=a8", 422, "text" },
        { "a binary text (8-bit coding)", $"secret={Secret}&from=%2B93701234567&text=%01%02%03&id=a9&coding=1", 422, "text" },
        { "a text with control bytes", $"secret={Secret}&from=%2B93701234567&text=st%01at%07us&id=a10", 422, "text" },
        { "a text with the replacement character of broken bytes", $"secret={Secret}&from=%2B93701234567&text=st%EF%BF%BDatus&id=a11", 422, "text" },
        { "a text with NUL", $"secret={Secret}&from=%2B93701234567&text=st%00atus&id=a13", 400, "text" },
        { "an unknown coding", $"secret={Secret}&from=%2B93701234567&text=status&id=a12&coding=7", 422, "coding" },
        { "no id", $"secret={Secret}&from=%2B93701234567&text=status", 422, "id" },
        { "an id with symbols", $"secret={Secret}&from=%2B93701234567&text=status&id=%3Cscript%3E", 422, "id" },
    };

    [Theory]
    [MemberData(nameof(Inbound))]
    public async Task A_drivers_text_sent_wrong_is_refused_and_nothing_is_written(string @case, string query, int status, string? field)
    {
        Assert.NotNull(@case);
        var app = fixture.App;
        var before = await Stored.Of(app);
        var problem = await (await app.Anonymous().GetAsync($"/api/v1/sms/inbound?{query}")).Problem((HttpStatusCode)status, field);
        ProblemText.TellsNoInternals(problem);
        Assert.Equal(before, await Stored.Of(app));
    }

    [Fact]
    public async Task A_delivery_report_without_the_secret_of_an_unknown_message_or_of_no_known_type_is_refused_and_changes_nothing()
    {
        var app = fixture.App;
        var message = await fixture.Subject(async a =>
        {
            var carrier = await a.As("carrier.demo");
            var truck = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Phone("+93 70 123 4567").Build())).Json(HttpStatusCode.Created);
            var id = truck.GetProperty("id").GetGuid();
            return await a.Db(db => db.SmsMessages.Where(m => m.TruckId == id).Select(m => m.Id).SingleAsync());
        });
        var before = await Stored.Of(app);
        var client = app.Anonymous();

        await (await client.GetAsync($"/api/v1/sms/messages/{message}/delivery-reports?status=1")).Problem(HttpStatusCode.Unauthorized);
        await (await client.GetAsync($"/api/v1/sms/messages/{message}/delivery-reports?status=1&secret=nope")).Problem(HttpStatusCode.Unauthorized);
        var unknown = await (await client.GetAsync($"/api/v1/sms/messages/{Guid.NewGuid()}/delivery-reports?status=1&secret={Secret}")).Problem(HttpStatusCode.NotFound, "id");
        ProblemText.TellsNoInternals(unknown);
        foreach (var type in new[] { "", "0", "3", "32", "-1", "1.0", "delivered", "١", new string('1', 400) })
        {
            await (await client.GetAsync($"/api/v1/sms/messages/{message}/delivery-reports?status={Uri.EscapeDataString(type)}&secret={Secret}")).Problem(HttpStatusCode.UnprocessableEntity, "status");
        }
        await (await client.GetAsync($"/api/v1/sms/messages/{message}/delivery-reports?status=1&secret={Secret}&answer={new string('a', 501)}")).Problem(HttpStatusCode.UnprocessableEntity, "answer");

        Assert.Equal(before, await Stored.Of(app));
    }
}
