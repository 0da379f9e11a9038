using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

// A closed-loop load generator for a running Khyber server: N workers send requests back to back for a
// fixed time per scenario, and the tool reports requests/s, p50/p99 latency and errors per scenario. Each
// real endpoint is measured next to the trivial /api/v1/ping of the same server in the same run, so the
// ratio shows what the endpoint itself costs, whatever the machine. Given the server's process id (--server-pid),
// each scenario also reports the server's CPU seconds per 1 000 requests, read from /proc; given the server's
// database (--provider, --connection), the raw-insert scenario measures a bare INSERT of the same truck row.
if (args.Contains("--rush"))
{
    string Arg(string name, string fallback) => Array.IndexOf(args, "--" + name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    int Int(string name, string fallback) => int.Parse(Arg(name, fallback), System.Globalization.CultureInfo.InvariantCulture);
    await Rush.RunAsync(new Rush.Options(new Uri(Arg("url", "http://127.0.0.1:5080")), Int("seconds", "30"), Int("readers", "1000"), Int("streams", "1000"), Int("carriers", "200"), Arg("password", "Torkham-2026"),
        ServerCpu.Of(Arg("server-pid", "") is { Length: > 0 } pid ? int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture) : null),
        Int("warmup", "0"), Int("open-first", "0")));
    return;
}

var options = Options.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = new Uri(options.Url),
    Timeout = TimeSpan.FromSeconds(30),
};

var token = await Login(http, options.User, options.Password);
var cpu = ServerCpu.Of(options.ServerPid);
var plate = 0;
var run = $"{Environment.ProcessId % 1000:D3}";
var scenarios = new Dictionary<string, Func<HttpRequestMessage>>
{
    ["ping"] = () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/ping"),
    ["crossing"] = () => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/crossings/{options.Crossing}"),
    ["crossings"] = () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/crossings"),
    ["register"] = () =>
    {
        var n = Interlocked.Increment(ref plate);
        var body = JsonSerializer.Serialize(new
        {
            crossingId = options.Crossing,
            direction = "PK-AF",
            plate = $"LT{run}{n:D6}",
            registrationCountry = "PK",
            driver = new { name = "Load Test Driver", documentNumber = $"LT{n:D8}" },
            cargo = new { description = "Portland cement", hsCode = "252329", category = "general", valueUsd = 1000, weightKg = 20000 },
        });
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/trucks") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    },
};

Console.WriteLine($"# {options.Url} — {options.Concurrency} workers, {options.Seconds} s per scenario, warm-up {options.WarmupSeconds} s");
Console.WriteLine($"| scenario | requests | req/s | p50 ms | p99 ms | server CPU s / 1000 req | errors |");
Console.WriteLine($"|---|---:|---:|---:|---:|---:|---:|");
foreach (var name in options.Scenarios)
{
    Result result;
    if (name == "raw-insert")
    {
        if (options.Provider is not { } provider || options.Connection is not { } connection)
        {
            throw new ArgumentException("raw-insert needs --provider sqlite|postgres and --connection, the server's own database.");
        }
        await RawInsert.MeasureAsync(provider, connection, options.Concurrency, TimeSpan.FromSeconds(options.WarmupSeconds));
        result = await RawInsert.MeasureAsync(provider, connection, options.Concurrency, TimeSpan.FromSeconds(options.Seconds));
    }
    else
    {
        var make = scenarios[name];
        await Measure(http, make, options.Concurrency, TimeSpan.FromSeconds(options.WarmupSeconds), null);
        result = await Measure(http, make, options.Concurrency, TimeSpan.FromSeconds(options.Seconds), cpu);
    }
    Console.WriteLine(System.FormattableString.Invariant($"| {name} | {result.Count} | {result.PerSecond:F0} | {result.P50:F2} | {result.P99:F2} | {result.CpuText} | {result.ErrorText} |"));
}

static async Task<string> Login(HttpClient http, string user, string password)
{
    var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password });
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
}

static Task<Result> Measure(HttpClient http, Func<HttpRequestMessage> make, int concurrency, TimeSpan duration, ServerCpu? cpu) =>
    ClosedLoop.MeasureAsync(concurrency, duration, cpu, async worker =>
    {
        while (worker.Running)
        {
            using var request = make();
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    worker.Error(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    continue;
                }
            }
            catch (HttpRequestException e)
            {
                worker.Error(e.HttpRequestError.ToString());
                continue;
            }
            worker.Ok(started);
        }
    });

internal sealed record Result(int Count, double PerSecond, double P50, double P99, Dictionary<string, int> Errors, double? CpuPer1000)
{
    public string ErrorText => Errors.Count == 0 ? "0" : string.Join(", ", Errors.Select(e => $"{e.Value}×{e.Key}"));

    public string CpuText => CpuPer1000 is { } c ? c.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) : "–";
}

internal sealed record Options(string Url, int Concurrency, int Seconds, int WarmupSeconds, string[] Scenarios, string User, string Password, string Crossing, int? ServerPid, string? Provider, string? Connection)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        return new Options(
            Get("url", "http://127.0.0.1:5080"),
            int.Parse(Get("concurrency", "32"), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Get("seconds", "10"), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Get("warmup", "3"), System.Globalization.CultureInfo.InvariantCulture),
            Get("scenarios", "ping,crossing,ping,register").Split(','),
            Get("user", "carrier.demo"),
            Get("password", "Torkham-2026"),
            Get("crossing", "chaman"),
            Get("server-pid", "") is { Length: > 0 } pid ? int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture) : null,
            Get("provider", "") is { Length: > 0 } provider ? provider : null,
            Get("connection", "") is { Length: > 0 } connection ? connection : null);
    }
}
