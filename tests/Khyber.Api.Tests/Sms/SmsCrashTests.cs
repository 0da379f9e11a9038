using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Khyber.Api.Tests.Support;
using Khyber.Domain.Sms;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Khyber.Api.Tests.Sms;

/// <summary>
/// The server killed with SIGKILL while it hands a call of 50 trucks to Kannel, then started again: every driver gets
/// exactly one text for his registration and one for his call — none lost, none twice.
/// </summary>
public sealed class SmsCrashTests(ITestOutputHelper output)
{
    private const int Trucks = 50;

    [Fact]
    public async Task Killed_mid_send_and_restarted_the_server_texts_each_driver_exactly_once_per_event()
    {
        Assert.True(KannelGateway.Installed, "Debian's kannel and kannel-extras are needed (./test.sh installs them).");
        var connection = await TestDatabase.CreateAsync();
        await using var kannel = new KannelGateway();
        var settings = new Dictionary<string, string>(kannel.Settings(messagesPerSecond: 10))
        {
            ["Auth:SigningKey"] = "sms-crash-test-signing-key-that-is-long-enough",
            ["Auth:PasswordHashIterations"] = "1000",
            ["Audit:PersonalDataKey"] = KhyberFactory.PersonalDataKey,
            ["Sms:CallbackSecret"] = KhyberFactory.SmsSecret,
            ["Sms:TimeoutSeconds"] = "2",
            ["Sms:UnconfirmedResendSeconds"] = "10",
            ["Sms:RetryBaseSeconds"] = "0.5",
            ["Sms:RetryMaxSeconds"] = "2",
            ["RateLimits:RegistrationsPerUserPerMinute"] = "100000",
            ["RateLimits:RegistrationsPerAddressPerMinute"] = "100000",
        };
        try
        {
            await using var server = new ServerProcess(connection, settings);
            // The server's own address, for Kannel's delivery reports, is known once its port is.
            settings["Sms:CallbackUrl"] = server.Url.ToString().TrimEnd('/');
            await server.StartAsync();
            await kannel.StartAsync(server.Url, KhyberFactory.SmsSecret);

            var carrier = await SignIn(server, "carrier.demo");
            var plates = Enumerable.Range(1, Trucks).Select(i => $"CRS{i:D3}").ToList();
            foreach (var plate in plates)
            {
                var body = new TruckBuilder().At("torkham", "AF-PK").Plate(plate).Phone($"+9370{plates.IndexOf(plate) + 1000000:D7}", "en").Build();
                using var created = await carrier.PostAsync(new Uri(server.Url, "/api/v1/trucks"), new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
                var truck = await created.Content.ReadFromJsonAsync<JsonElement>();
                Assert.True(created.StatusCode == HttpStatusCode.Created, truck.ToString());
                using var arrived = await carrier.PostAsync(new Uri(server.Url, $"/api/v1/trucks/{truck.GetProperty("id").GetString()}/arrival"), null);
                Assert.Equal(HttpStatusCode.OK, arrived.StatusCode);
            }
            // Wait for the registration texts, so that the call's go out alone.
            await Eventually.UntilAsync(() => Task.FromResult(kannel.Messages.Count), n => n >= Trucks, TimeSpan.FromSeconds(60), "the registration texts");

            var officer = await SignIn(server, "af.officer.torkham");
            using var call = await officer.PostAsync(new Uri(server.Url, "/api/v1/crossings/torkham/queue/AF-PK/call"), JsonContent.Create(new { count = Trucks }));
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
            // Kill it while it is handing the 50 calls to Kannel (10 a second).
            await Eventually.UntilAsync(() => Task.FromResult(Calls(kannel).Count), n => n >= 8, TimeSpan.FromSeconds(30), "the first calls to go out");
            server.Kill();
            var before = Calls(kannel).Count;
            output.WriteLine($"killed with {before} of {Trucks} calls handed over");
            Assert.True(before < Trucks, "the server finished before it was killed: nothing was tested");

            await server.StartAsync();
            await Eventually.UntilAsync(() => Task.FromResult(Calls(kannel).Select(m => m.Receiver).Distinct().Count()), n => n >= Trucks, TimeSpan.FromSeconds(90), "every call's text after the restart");
            // Longer than a claim lasts: a message claimed before the kill and already taken must not go again.
            await Task.Delay(TimeSpan.FromSeconds(14));

            var calls = Calls(kannel);
            var registrations = kannel.Messages.Where(m => m.Text.Contains("is registered", StringComparison.Ordinal)).ToList();
            output.WriteLine($"{calls.Count} call texts for {Trucks} trucks, {registrations.Count} registration texts");
            Assert.All(calls.GroupBy(m => m.Receiver), g => Assert.True(g.Count() == 1, $"{g.Key} got {g.Count()} call texts"));
            Assert.Equal(Trucks, calls.Count);
            Assert.Equal(Trucks, registrations.Count);
            Assert.Equal(Trucks, registrations.Select(m => m.Receiver).Distinct().Count());
            Assert.All(calls, m => Assert.Contains(plates[int.Parse(m.Receiver[^7..], System.Globalization.CultureInfo.InvariantCulture) - 1000000], m.Text, StringComparison.Ordinal));

            await using var db = TestDatabase.Open(connection);
            var stored = await db.SmsMessages.AsNoTracking().Where(m => m.Kind == DriverMessageKind.CalledForward).ToListAsync();
            Assert.Equal(Trucks, stored.Count);
            Assert.All(stored, m => Assert.True(m.Status is SmsStatus.Sent or SmsStatus.Delivered, $"{m.Id}: {m.Status} {m.LastError}"));
        }
        catch
        {
            output.WriteLine(kannel.Logs());
            throw;
        }
        finally
        {
            await TestDatabase.DropAsync(connection);
        }
    }

    private static List<FakeSms> Calls(KannelGateway kannel) =>
        kannel.Messages.Where(m => m.Text.Contains("is called forward", StringComparison.Ordinal)).ToList();

    private static async Task<HttpClient> SignIn(ServerProcess server, string user)
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var response = await client.PostAsJsonAsync(new Uri(server.Url, "/api/v1/auth/token"), new { username = user, password = TestDatabase.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
