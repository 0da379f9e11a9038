using System.Net;
using System.Text.Json;
using Khyber.Api.Tests.Support;
using Khyber.Domain.Sms;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Sms;

/// <summary>
/// Which texts the border's events write, once each; who sees a driver's number; what the audit log keeps of it;
/// drivers' questions and delivery reports as Kannel sends them; the public tracking code. No Kannel here: the
/// messages wait in the database (the Kannel tests send them).
/// </summary>
public sealed class DriverMessageTests
{
    private const string Phone = "+93701234567";

    private static Task<List<SmsMessage>> Texts(TestApp app, Guid truck) =>
        app.Db(db => db.SmsMessages.AsNoTracking().Where(m => m.TruckId == truck).OrderBy(m => m.CreatedAt).ToListAsync());

    private static async Task<Guid> Waiting(TestApp app, string plate, string direction = "AF-PK", string phone = Phone, string? language = "ps")
    {
        var carrier = await app.As("carrier.demo");
        var truck = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().At("torkham", direction).Plate(plate).Phone(phone, language).Build())).Json(HttpStatusCode.Created);
        var id = truck.GetProperty("id").GetGuid();
        await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task Only_the_carrier_and_the_crossings_officers_see_the_drivers_number_and_the_audit_log_keeps_a_keyed_hash_of_it()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        var created = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Plate("PES7001").Phone("0300 1234567").Build())).Json(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        // A national number is read in the truck's registration country; the language is that country's.
        Assert.Equal("+923001234567", created.GetProperty("driver").GetProperty("phone").GetString());
        Assert.Equal("ur", created.GetProperty("driver").GetProperty("language").GetString());
        Assert.Matches("^[2-9A-HJKMNP-TV-Z]{8}$", created.GetProperty("trackingCode").GetString());
        Assert.Equal("registered", Assert.Single(created.GetProperty("messages").EnumerateArray()).GetProperty("kind").GetString());

        foreach (var (user, sees) in new[] { ("carrier.demo", true), ("pk.officer.torkham", true), ("af.officer.torkham", true), ("pk.liaison", false), ("af.liaison", false), ("admin", false) })
        {
            var truck = await (await app.As(user)).GetJson($"/api/v1/trucks/{id}");
            Assert.True(sees == (truck.GetProperty("driver").GetProperty("phone").ValueKind == JsonValueKind.String), $"{user} sees the phone: {!sees}");
            Assert.Equal(sees, truck.GetProperty("trackingCode").ValueKind == JsonValueKind.String);
            Assert.Equal(sees, truck.GetProperty("messages").ValueKind == JsonValueKind.Array);
        }

        var (payload, events) = await app.Db(async db => (
            await db.AuditEntries.AsNoTracking().Where(e => e.Action == "RegisterTruck").Select(e => e.Payload).SingleAsync(),
            await db.OutboxMessages.AsNoTracking().Select(m => m.Payload).ToListAsync()));
        foreach (var personal in new[] { "+923001234567", "Gul Zaman", "PK1234567" })
        {
            Assert.DoesNotContain(personal, payload, StringComparison.Ordinal);
            Assert.All(events, e => Assert.DoesNotContain(personal, e, StringComparison.Ordinal));
        }
        var key = new Storage.Audit.PersonalDataKey(System.Text.Encoding.UTF8.GetBytes(KhyberFactory.PersonalDataKey));
        using var json = JsonDocument.Parse(payload);
        var values = json.RootElement.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("entity").GetString() == "Truck").GetProperty("values");
        // Checkable with the key and the registration's salt (the salt itself is never in the log).
        var salt = await app.Db(db => db.Trucks.Where(t => t.Id == id).Select(t => t.PersonalDataSalt).SingleAsync());
        Assert.Equal("(secret)", values.GetProperty("PersonalDataSalt").GetString());
        Assert.Equal(key.Hash(salt, "+923001234567"), values.GetProperty("DriverPhone").GetString());
        Assert.Equal(key.Hash(salt, "Gul Zaman"), values.GetProperty("DriverName").GetString());
        Assert.Equal(key.Hash(salt, "PK1234567"), values.GetProperty("DriverDocumentNumber").GetString());
        Assert.NotEqual(key.Hash("Gul Zaman"), values.GetProperty("DriverName").GetString());
        Assert.Equal("PES7001", values.GetProperty("Plate").GetString());
        Assert.True((await (await app.As("pk.liaison")).GetJson("/api/v1/audit/verification")).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task A_call_writes_one_text_the_tick_warns_once_half_way_and_a_closure_tells_waiting_and_called_drivers_apart()
    {
        await using var app = await TestApp.StartAsync();
        var first = await Waiting(app, "KBL1001");
        var second = await Waiting(app, "KBL1002");
        var officer = await app.As("af.officer.torkham");
        await (await officer.Post("/api/v1/crossings/torkham/queue/AF-PK/call", new { count = 1 })).Json(HttpStatusCode.OK);
        var call = Assert.Single(await Texts(app, first), m => m.Kind == DriverMessageKind.CalledForward);
        Assert.Equal(SmsEncoding.Ucs2, call.Encoding);
        Assert.Contains("KBL1001", call.Text, StringComparison.Ordinal);
        Assert.Equal(KhyberFactory.Start.AddMinutes(20), call.ExpiresAt);

        // Half-way to the 20-minute deadline: one warning, however often the clock ticks.
        app.Time.Advance(TimeSpan.FromMinutes(9));
        await app.TickAsync();
        Assert.DoesNotContain(await Texts(app, first), m => m.Kind == DriverMessageKind.NoShowWarning);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.TickAsync();
        await app.TickAsync();
        app.Time.Advance(TimeSpan.FromMinutes(2));
        await app.TickAsync();
        Assert.Single(await Texts(app, first), m => m.Kind == DriverMessageKind.NoShowWarning);

        // The Afghan side closes Torkham at once: the waiting driver hears it closed, the called one that he keeps his place.
        var notice = new NoticeBuilder().From(app.Time.GetUtcNow(), emergency: true).Build();
        await (await officer.Post("/api/v1/crossings/torkham/notices", notice)).Json(HttpStatusCode.Created);
        Assert.Single(await Texts(app, second), m => m.Kind == DriverMessageKind.DirectionClosed);
        Assert.Single(await Texts(app, first), m => m.Kind == DriverMessageKind.ClosedAfterCall);
        await app.TickAsync();
        Assert.Single(await Texts(app, second), m => m.Kind == DriverMessageKind.DirectionClosed);

        // A reopening scheduled a little later reaches the waiting driver when it comes into force, by the tick.
        var reopen = new NoticeBuilder().State("open").From(app.Time.GetUtcNow().AddMinutes(5), emergency: false).Build();
        await (await officer.Post("/api/v1/crossings/torkham/notices", reopen)).Json(HttpStatusCode.Created);
        Assert.DoesNotContain(await Texts(app, second), m => m.Kind == DriverMessageKind.DirectionReopened);
        app.Time.Advance(TimeSpan.FromMinutes(6));
        await app.TickAsync();
        await app.TickAsync();
        Assert.Single(await Texts(app, second), m => m.Kind == DriverMessageKind.DirectionReopened);
    }

    [Fact]
    public async Task No_warning_while_a_called_drivers_deadline_stands_still_and_one_half_way_to_the_deadline_restarted_at_the_reopening()
    {
        await using var app = await TestApp.StartAsync();
        var id = await Waiting(app, "KBL1101");
        var officer = await app.As("af.officer.torkham");
        await (await officer.Post("/api/v1/crossings/torkham/queue/AF-PK/call", new { count = 1 })).Json(HttpStatusCode.OK);

        // Closed at minute 5 of the 20: the deadline stands still, so minute 12 is not half-way to anything.
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var closure = new NoticeBuilder().From(app.Time.GetUtcNow(), emergency: true).Build();
        await (await officer.Post("/api/v1/crossings/torkham/notices", closure)).Json(HttpStatusCode.Created);
        await app.TickAsync();
        app.Time.Advance(TimeSpan.FromMinutes(7));
        await app.TickAsync();
        Assert.DoesNotContain(await Texts(app, id), m => m.Kind == DriverMessageKind.NoShowWarning);

        // Reopened at minute 12: the deadline restarts in full, and the warning comes ten minutes later, once.
        var reopen = new NoticeBuilder().State("open").From(app.Time.GetUtcNow(), emergency: true).Build();
        await (await officer.Post("/api/v1/crossings/torkham/notices", reopen)).Json(HttpStatusCode.Created);
        var reopenedAt = app.Time.GetUtcNow();
        await app.TickAsync();
        app.Time.Advance(TimeSpan.FromMinutes(9));
        await app.TickAsync();
        Assert.DoesNotContain(await Texts(app, id), m => m.Kind == DriverMessageKind.NoShowWarning);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.TickAsync();
        await app.TickAsync();
        var warning = Assert.Single(await Texts(app, id), m => m.Kind == DriverMessageKind.NoShowWarning);
        Assert.Equal(reopenedAt.AddMinutes(20), warning.ExpiresAt);
    }

    [Fact]
    public async Task A_perishable_past_its_spoil_time_tells_its_driver_once()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        var body = new TruckBuilder().At("torkham", "AF-PK").Perishable(KhyberFactory.Start.AddHours(1)).Phone(Phone, "fa-AF").Build();
        var id = (await (await carrier.Post("/api/v1/trucks", body)).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        app.Time.Advance(TimeSpan.FromHours(2));
        await app.TickAsync();
        await app.TickAsync();
        var spoiled = Assert.Single(await Texts(app, id), m => m.Kind == DriverMessageKind.SpoilTimeReached);
        Assert.Equal(Domain.Trucks.DriverLanguage.FaAf, spoiled.Language);
    }

    [Fact]
    public async Task Without_a_provider_no_text_is_written()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string> { ["Sms:Provider"] = "none" });
        var id = await Waiting(app, "KBL2001");
        await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/queue/AF-PK/call", new { count = 1 })).Json(HttpStatusCode.OK);
        Assert.Empty(await Texts(app, id));
        await (await app.Anonymous().GetAsync($"/api/v1/sms/inbound?secret={KhyberFactory.SmsSecret}&from=%2B93701234567&text=status&id=x1")).Json(HttpStatusCode.OK);
        Assert.Equal(0, await app.Db(db => db.SmsMessages.CountAsync()));
    }

    [Fact]
    public async Task A_drivers_question_is_answered_only_to_his_number_once_per_text_and_in_his_language()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string> { ["RateLimits:DriverTextsPerNumberPerHour"] = "4" });
        var id = await Waiting(app, "KBL3001");
        var code = (await (await app.As("carrier.demo")).GetJson($"/api/v1/trucks/{id}")).GetProperty("trackingCode").GetString()!;
        var anonymous = app.Anonymous();
        async Task<SmsMessage> Ask(string from, string text, string kannelId)
        {
            await (await anonymous.GetAsync($"/api/v1/sms/inbound?secret={KhyberFactory.SmsSecret}&from={Uri.EscapeDataString(from)}&text={Uri.EscapeDataString(text)}&id={kannelId}&coding=0")).Json(HttpStatusCode.OK);
            return await app.Db(db => db.SmsMessages.AsNoTracking().SingleAsync(m => m.EventKey == $"answer:{kannelId}"));
        }

        var status = await Ask(Phone, "status", "k1");
        Assert.Equal(DriverMessageKind.Answer, status.Kind);
        Assert.Equal(id, status.TruckId);
        Assert.Contains("ځای 1", status.Text, StringComparison.Ordinal);
        // Kannel sending the same text again (it retries) gets no second answer.
        await Ask(Phone, "status", "k1");
        Assert.Equal(1, await app.Db(db => db.SmsMessages.CountAsync(m => m.EventKey == "answer:k1")));
        // His tracking code, typed loosely, in his own script's keyword.
        Assert.Equal(DriverMessageKind.Answer, (await Ask("93701234567", $"حالت {code[..4].ToLowerInvariant()}-{code[4..]}", "k2")).Kind);

        // Another number asking about his plate learns nothing: a help text in its country's language.
        var stranger = await Ask("+923001234567", "KBL3001", "k3");
        Assert.Equal(DriverMessageKind.Help, stranger.Kind);
        Assert.Null(stranger.TruckId);
        Assert.Equal(Domain.Trucks.DriverLanguage.Ur, stranger.Language);
        Assert.DoesNotContain("KBL3001", stranger.Text, StringComparison.Ordinal);

        // A number is answered at most four times an hour here.
        await Ask(Phone, "help", "k4");
        await Ask(Phone, "status", "k5");
        await (await anonymous.GetAsync($"/api/v1/sms/inbound?secret={KhyberFactory.SmsSecret}&from=%2B93701234567&text=status&id=k6")).Problem(HttpStatusCode.TooManyRequests);
        Assert.Equal(0, await app.Db(db => db.SmsMessages.CountAsync(m => m.EventKey == "answer:k6")));
    }

    [Fact]
    public async Task Delivery_reports_move_a_text_forward_only_and_the_carrier_sees_it_delivered()
    {
        await using var app = await TestApp.StartAsync();
        var id = await Waiting(app, "KBL4001");
        var message = (await Texts(app, id)).Single();
        var kannel = app.Anonymous();
        foreach (var (type, answer) in new[] { ("8", "ACK/"), ("1", ""), ("8", "ACK/"), ("2", "late") })
        {
            await (await kannel.GetAsync($"/api/v1/sms/messages/{message.Id}/delivery-reports?secret={KhyberFactory.SmsSecret}&status={type}&answer={Uri.EscapeDataString(answer)}")).Json(HttpStatusCode.OK);
        }
        var seen = Assert.Single((await (await app.As("carrier.demo")).GetJson($"/api/v1/trucks/{id}")).GetProperty("messages").EnumerateArray());
        Assert.Equal("delivered", seen.GetProperty("status").GetString());
        Assert.Equal(KhyberFactory.Start, seen.GetProperty("deliveredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_tracking_code_opens_a_small_public_page_and_json_with_nothing_personal()
    {
        await using var app = await TestApp.StartAsync();
        var id = await Waiting(app, "KBL5001", direction: "PK-AF", phone: "+92 300 7654321", language: "ur");
        var code = (await (await app.As("carrier.demo")).GetJson($"/api/v1/trucks/{id}")).GetProperty("trackingCode").GetString()!;
        // The notices of both gates, each with a long reason in Arabic script, as large as the page gets.
        var reason = string.Concat(Enumerable.Repeat("سرحد پر سیکیورٹی کی صورتحال کی وجہ سے بندش۔ ", 60));
        foreach (var (officer, state) in new[] { ("pk.officer.torkham", "restricted"), ("af.officer.torkham", "closed") })
        {
            var notice = new NoticeBuilder().State(state).Build();
            notice["reason"] = reason[..1900];
            await (await (await app.As(officer)).Post("/api/v1/crossings/torkham/notices", notice)).Json(HttpStatusCode.Created);
        }

        var anonymous = app.Anonymous();
        var json = await anonymous.GetJson($"/api/v1/track/{code.ToLowerInvariant()}");
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.Equal("001", json.GetProperty("plateEnding").GetString());
        Assert.Equal(1, json.GetProperty("position").GetInt32());
        Assert.Equal("closed", json.GetProperty("directionState").GetProperty("state").GetString());
        Assert.Equal(2, json.GetProperty("notices").GetArrayLength());
        var text = json.ToString();
        foreach (var personal in new[] { "7654321", "Gul Zaman", "PK1234567", "khyber-freight", "KBL5001", "12000" })
        {
            Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
        }

        foreach (var culture in new[] { "en", "ur", "ps", "fa-AF" })
        {
            var response = await anonymous.GetAsync($"/t/{code}?culture={culture}");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var html = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(bytes.Length < 15 * 1024, $"{culture}: the page is {bytes.Length} bytes");
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("7654321", html, StringComparison.Ordinal);
            Assert.DoesNotContain("KBL5001", html, StringComparison.Ordinal);
            Assert.Contains("data-position=\"1\"", html, StringComparison.Ordinal);
        }

        await (await anonymous.GetAsync("/api/v1/track/ABCDEFGH")).Problem(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync("/api/v1/track/not-a-code")).Problem(HttpStatusCode.NotFound);
        var missing = await anonymous.GetAsync("/t/ABCDEFGH?culture=en");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("No registration has this tracking code.", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
