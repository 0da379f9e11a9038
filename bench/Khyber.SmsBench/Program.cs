using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Khyber.Api.Tests.Support;

// Measures how long a call of 50 trucks takes to reach the operator: from the officer's call to the 50th text
// accepted by Kannel (its sendsms answered 202), reaching the fake SMSC, and reported delivered. Starts the built
// server (Release) on a fresh database with the demo's crossings and users, and a real Kannel (bearerbox, smsbox,
// fakesmsc) on loopback ports; prints one line per round. Not part of the tests: it measures, it asserts nothing.
//
//   dotnet run --project bench/Khyber.SmsBench -c Release -- [--rate 10] [--rounds 3] [--language ps] [--postgres "<connection>"]
var rate = Option("--rate", "1000");
var rounds = int.Parse(Option("--rounds", "3"), CultureInfo.InvariantCulture);
var language = Option("--language", "ps");
var postgres = Option("--postgres", "");
const int Trucks = 50;

var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "Khyber.slnx")))
{
    root = root.Parent;
}
var server = Path.Combine(root!.FullName, "src", "Khyber.Api", "bin", "Release", "net10.0", "Khyber.Api.dll");
var work = Directory.CreateTempSubdirectory("khyber-smsbench-").FullName;
var port = KannelGateway.FreePort();
var url = new Uri($"http://127.0.0.1:{port}");
const string Secret = "sms-bench-callback-secret-0123456789";

await using var kannel = new KannelGateway();
var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
start.ArgumentList.Add(server);
start.ArgumentList.Add("--urls");
start.ArgumentList.Add(url.ToString().TrimEnd('/'));
var env = new Dictionary<string, string>(kannel.Settings(messagesPerSecond: (int)double.Parse(rate, CultureInfo.InvariantCulture)))
{
    ["ASPNETCORE_ENVIRONMENT"] = "Development",
    ["Logging:LogLevel:Default"] = "Warning",
    ["Storage:Provider"] = postgres.Length > 0 ? "postgres" : "sqlite",
    ["ConnectionStrings:Khyber"] = postgres.Length > 0 ? postgres : $"Data Source={work}/khyber.db",
    ["Demo:Enabled"] = "true",
    ["Demo:Story"] = "false",
    ["Sms:CallbackSecret"] = Secret,
    ["Sms:CallbackUrl"] = url.ToString().TrimEnd('/'),
    ["Sms:PollMilliseconds"] = "50",
    ["RateLimits:RegistrationsPerUserPerMinute"] = "1000000",
    ["RateLimits:RegistrationsPerAddressPerMinute"] = "1000000",
};
foreach (var (key, value) in env)
{
    start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
}
using var process = Process.Start(start)!;
process.OutputDataReceived += (_, _) => { };
process.ErrorDataReceived += (_, _) => { };
process.BeginOutputReadLine();
process.BeginErrorReadLine();
try
{
    using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    await Eventually.UntilAsync(async () =>
    {
        try
        {
            return (await probe.GetAsync(new Uri(url, "/health"))).IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }, up => up, TimeSpan.FromSeconds(120), "the server to start", TimeSpan.FromMilliseconds(250));
    await kannel.StartAsync(url, Secret);

    var carrier = await SignIn("carrier.demo");
    var officer = await SignIn("af.officer.torkham");
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {env["Storage:Provider"]}; Sms:MessagesPerSecond {rate}; {Trucks} trucks per call, texts in {language}");
    Console.WriteLine("| round | call answered (ms) | 50th accepted by Kannel (ms) | 50th at the fake SMSC (ms) | 50th delivered (ms) | SMS parts |");
    Console.WriteLine("|---|---|---|---|---|---|");
    for (var round = 1; round <= rounds; round++)
    {
        var phones = new List<string>();
        for (var i = 0; i < Trucks; i++)
        {
            var phone = $"+9379{round:D2}{i:D5}";
            phones.Add(phone);
            var body = new
            {
                crossingId = "torkham", direction = "AF-PK", plate = $"B{round:D2}T{i:D3}", registrationCountry = "AF",
                driver = new { name = "Gul Zaman", documentNumber = "AF1234567", phone, language },
                cargo = new { description = "Grapes", hsCode = "080610", category = "general", valueUsd = 9000, weightKg = 15000 },
            };
            var created = await (await carrier.PostAsJsonAsync(new Uri(url, "/api/v1/trucks"), body)).Content.ReadFromJsonAsync<JsonElement>();
            (await carrier.PostAsync(new Uri(url, $"/api/v1/trucks/{created.GetProperty("id").GetString()}/arrival"), null)).EnsureSuccessStatusCode();
        }
        var mine = phones.ToHashSet();
        // The registration texts go first, so that the call's are measured alone.
        await Eventually.UntilAsync(() => Task.FromResult(kannel.Messages.Count(m => mine.Contains(m.Receiver))), n => n >= Trucks, TimeSpan.FromMinutes(5), "the registration texts", TimeSpan.FromMilliseconds(20));
        var before = kannel.Messages.Count(m => mine.Contains(m.Receiver));
        var partsBefore = kannel.Parts.Count(p => mine.Contains(p.Receiver));

        var clock = Stopwatch.StartNew();
        var called = await (await officer.PostAsJsonAsync(new Uri(url, "/api/v1/crossings/torkham/queue/AF-PK/call"), new { count = Trucks })).Content.ReadFromJsonAsync<JsonElement>();
        var answered = clock.Elapsed.TotalMilliseconds;
        var calledAt = called.EnumerateArray().First().GetProperty("calledAt").GetDateTimeOffset();
        await Eventually.UntilAsync(() => Task.FromResult(kannel.Messages.Count(m => mine.Contains(m.Receiver))), n => n >= before + Trucks, TimeSpan.FromMinutes(5), "the call's texts", TimeSpan.FromMilliseconds(5));
        var atSmsc = clock.Elapsed.TotalMilliseconds;
        var parts = kannel.Parts.Count(p => mine.Contains(p.Receiver)) - partsBefore;
        // Accepted and delivered times are the server's own (sentAt: Kannel answered 202; deliveredAt: its report).
        var texts = await Eventually.UntilAsync(async () =>
            (await officer.GetFromJsonAsync<JsonElement>(new Uri(url, "/api/v1/trucks?crossing=torkham&direction=AF-PK&status=called")))
                .EnumerateArray().Where(t => t.GetProperty("plate").GetString()!.StartsWith($"B{round:D2}T", StringComparison.Ordinal))
                .Select(t => t.GetProperty("messages").EnumerateArray().First(m => m.GetProperty("kind").GetString() == "called-forward")).ToList(),
            list => list.Count == Trucks && list.All(m => m.GetProperty("status").GetString() == "delivered"), TimeSpan.FromMinutes(2), "the delivery reports", TimeSpan.FromMilliseconds(50));
        var accepted = texts.Max(m => m.GetProperty("sentAt").GetDateTimeOffset()) - calledAt;
        var delivered = texts.Max(m => m.GetProperty("deliveredAt").GetDateTimeOffset()) - calledAt;
        Console.WriteLine($"| {round} | {answered:F0} | {accepted.TotalMilliseconds:F0} | {atSmsc:F0} | {delivered.TotalMilliseconds:F0} | {parts} |");
    }
}
finally
{
    process.Kill(entireProcessTree: true);
    await process.WaitForExitAsync();
    Directory.Delete(work, recursive: true);
}

async Task<HttpClient> SignIn(string user)
{
    var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
    var response = await client.PostAsJsonAsync(new Uri(url, "/api/v1/auth/token"), new { username = user, password = "Torkham-2026" });
    response.EnsureSuccessStatusCode();
    var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return client;
}

string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
