using System.Globalization;
using System.Net;
using System.Text.Json;
using Khyber.Api.Tests.Support;
using Khyber.Domain.Sms;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Khyber.Api.Tests.Sms;

/// <summary>
/// Khyber and a real Kannel (bearerbox, smsbox, the fake SMSC of kannel-extras) on loopback ports: what reaches the
/// "operator" — text, encoding, parts, exactly one per event — delivery reports coming back, a driver's text answered,
/// and messages waiting while Kannel is down.
/// </summary>
public sealed class KannelTests(ITestOutputHelper output)
{
    private const string PashtoPhone = "+93701234567";

    private static readonly TimeZoneInfo Kabul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kabul");

    [Fact]
    public async Task A_pashto_driver_is_called_by_one_ucs2_text_that_is_reported_delivered_and_his_status_text_is_answered()
    {
        Assert.True(KannelGateway.Installed, "Debian's kannel and kannel-extras are needed (./test.sh installs them).");
        await using var kannel = new KannelGateway();
        var port = KannelGateway.FreePort();
        await using var app = await TestApp.StartListeningAsync(port, kannel.Settings());
        await kannel.StartAsync(app.BaseUrl!, KhyberFactory.SmsSecret);
        try
        {
            // The carrier registers a truck leaving Afghanistan at Torkham, with its driver's Pashto-language number.
            var carrier = await app.As("carrier.demo");
            var body = new TruckBuilder().At("torkham", "AF-PK").Plate("KBL7731").Phone("+93 70 123 4567", "ps").Build();
            var truck = await (await carrier.Post("/api/v1/trucks", body)).Json(HttpStatusCode.Created);
            var id = truck.GetProperty("id").GetGuid();
            Assert.Equal(PashtoPhone, truck.GetProperty("driver").GetProperty("phone").GetString());
            var code = truck.GetProperty("trackingCode").GetString()!;
            var waiting = await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
            Assert.Equal(1, waiting.GetProperty("position").GetInt32());
            var estimate = waiting.GetProperty("estimatedCallAt").GetDateTimeOffset();

            // He is texted his tracking code on registration.
            var registered = await Eventually.UntilAsync(() => Task.FromResult(kannel.Messages.Where(m => m.Receiver == PashtoPhone).ToList()), m => m.Count >= 1, TimeSpan.FromSeconds(30), "the registration text to reach the fake SMSC");
            Assert.Contains(code, Assert.Single(registered).Text, StringComparison.Ordinal);

            // He texts "status" from his number: the answer is his place and estimated call, in Pashto.
            await kannel.InjectAsync(PashtoPhone, "status");
            var answer = await Eventually.UntilAsync(() => Task.FromResult(kannel.Messages.Where(m => m.Receiver == PashtoPhone).Skip(1).ToList()), m => m.Count >= 1, TimeSpan.FromSeconds(30), $"the answer to his text\n{kannel.Logs()}");
            var answered = Assert.Single(answer);
            Assert.True(answered.Ucs2);
            Assert.Contains("KBL7731", answered.Text, StringComparison.Ordinal);
            Assert.Contains("ځای 1", answered.Text, StringComparison.Ordinal);
            Assert.Contains(TimeZoneInfo.ConvertTime(estimate, Kabul).ToString("dd/MM HH:mm", CultureInfo.InvariantCulture), answered.Text, StringComparison.Ordinal);

            // The tracking page shows the same place without a login, and without his number.
            var page = await app.Anonymous().GetAsync($"/t/{code}");
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("data-position=\"1\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("701234567", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Gul Zaman", html, StringComparison.Ordinal);

            // The Afghan officer calls it forward: exactly one Pashto text in UCS-2 with the plate and the deadline.
            var officer = await app.As("af.officer.torkham");
            await (await officer.Post("/api/v1/crossings/torkham/queue/AF-PK/call", new { count = 1 })).Json(HttpStatusCode.OK);
            var deadline = TimeZoneInfo.ConvertTime(KhyberFactory.Start.AddMinutes(20), Kabul).ToString("HH:mm", CultureInfo.InvariantCulture);
            var calls = await Eventually.UntilAsync(
                () => Task.FromResult(kannel.Messages.Where(m => m.Receiver == PashtoPhone && m.Text.Contains(deadline, StringComparison.Ordinal) && m.Text.Contains("رابلل شوه", StringComparison.Ordinal)).ToList()),
                m => m.Count >= 1, TimeSpan.FromSeconds(30), "the call's text to reach the fake SMSC");
            var call = Assert.Single(calls);
            Assert.True(call.Ucs2, "the Pashto text goes as UCS-2");
            Assert.InRange(call.Parts, 1, 2);
            Assert.All(kannel.Parts.Where(p => p.Receiver == PashtoPhone), p => Assert.True(p.Text.Length <= (p.Total > 1 ? 67 : 70)));
            Assert.Contains("KBL7731", call.Text, StringComparison.Ordinal);

            // Kannel's delivery report marks it delivered; the officer sees it beside the truck.
            var messages = await Eventually.UntilAsync(
                async () => (await officer.GetJson($"/api/v1/trucks/{id}")).GetProperty("messages").EnumerateArray().ToList(),
                m => m.Any(x => x.GetProperty("kind").GetString() == "called-forward" && x.GetProperty("status").GetString() == "delivered"),
                TimeSpan.FromSeconds(30), "the delivery report of the call's text");
            Assert.Equal(3, messages.Count);
            var console = await PageSessions.SignInAsync(app, "af.officer.torkham");
            var officerPage = await console.GetStringAsync("/officer");
            Assert.Matches($"data-plate=\"KBL7731\"[^>]*data-sms=\"delivered\"", officerPage);

            // Nothing more reaches him: one text per event, however long we wait.
            await Task.Delay(1500);
            Assert.Equal(3, kannel.Messages.Count(m => m.Receiver == PashtoPhone));
            output.WriteLine(string.Join("\n", kannel.Messages.Select(m => $"{m.Receiver} ({(m.Ucs2 ? "UCS-2" : "GSM")}, {m.Parts} part(s)): {m.Text}")));
        }
        catch
        {
            output.WriteLine(kannel.Logs());
            throw;
        }
    }

    [Fact]
    public async Task While_kannel_is_down_texts_wait_and_go_out_once_when_it_returns()
    {
        Assert.True(KannelGateway.Installed, "Debian's kannel and kannel-extras are needed (./test.sh installs them).");
        await using var kannel = new KannelGateway();
        var port = KannelGateway.FreePort();
        var settings = kannel.Settings();
        settings["Sms:RetryBaseSeconds"] = "30";
        settings["Sms:RetryMaxSeconds"] = "60";
        await using var app = await TestApp.StartListeningAsync(port, settings);
        await kannel.StartAsync(app.BaseUrl!, KhyberFactory.SmsSecret);
        kannel.StopBoxes();

        var carrier = await app.As("carrier.demo");
        var truck = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Phone("+92 300 1234567", "en").Plate("PES4455").Build())).Json(HttpStatusCode.Created);
        var id = truck.GetProperty("id").GetGuid();
        // Kannel refuses the connection: the message is tried, and waits for its next attempt.
        var tried = await Eventually.UntilAsync(
            () => app.Db(db => db.SmsMessages.AsNoTracking().SingleAsync(m => m.TruckId == id)),
            m => m.Attempts >= 1 && m.Status == SmsStatus.Queued, TimeSpan.FromSeconds(30), "a failed attempt while Kannel is down");
        Assert.Contains("not reachable", tried.LastError, StringComparison.Ordinal);
        Assert.Empty(kannel.Messages);

        await kannel.StartBoxesAsync();
        // Time passes on Khyber's clock: the retry comes due.
        app.Time.Advance(TimeSpan.FromMinutes(2));
        var sent = await Eventually.UntilAsync(() => Task.FromResult(kannel.Messages.Where(m => m.Receiver == "+923001234567").ToList()), m => m.Count >= 1, TimeSpan.FromSeconds(30), "the waiting text to go out");
        Assert.Contains("PES4455", Assert.Single(sent).Text, StringComparison.Ordinal);
        Assert.False(sent[0].Ucs2);
        await Eventually.UntilAsync(
            () => app.Db(db => db.SmsMessages.AsNoTracking().SingleAsync(m => m.TruckId == id)),
            m => m.Status == SmsStatus.Delivered, TimeSpan.FromSeconds(30), "the delivery report");
        await Task.Delay(1000);
        Assert.Single(kannel.Messages, m => m.Receiver == "+923001234567");
    }
}
