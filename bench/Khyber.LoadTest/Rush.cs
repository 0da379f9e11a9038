using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

/// <summary>
/// The hour Torkham reopens: the Afghan side lifts its closure while hundreds of carriers register and check in,
/// thousands of public readers poll the status and hold the event stream open, officers call trucks forward and
/// liaisons issue and acknowledge notices — all at once, against one server, each kind of request timed apart.
/// </summary>
internal static class Rush
{
    /// <param name="Warmup">Seconds of the same workload on the still-closed crossing before the reopening, not counted: the
    /// reopening then meets a server that has been serving (its hot code compiled by the JIT's later tiers, its queue grown)
    /// rather than a process started seconds before.</param>
    /// <param name="OpenFirst">Seconds of the same workload before that, with the crossing open (officers' calls go through),
    /// ended by the Afghan side's closure: the server has then served the open crossing's work too, as one in service had
    /// before a closure, and the reopening finds that code compiled. Only with <paramref name="Warmup"/>.</param>
    public sealed record Options(Uri Url, int Seconds, int Readers, int Streams, int Carriers, string Password, ServerCpu? Cpu, int Warmup = 0, int OpenFirst = 0);

    private sealed class Stats
    {
        private readonly ConcurrentBag<double> _latencies = [];
        private readonly ConcurrentDictionary<string, int> _errors = new();

        public void Ok(double ms) => _latencies.Add(ms);

        public int Count => _latencies.Count;

        public void Error(string kind) => _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);

        public string Row(string name, double seconds)
        {
            var sorted = _latencies.Order().ToArray();
            double P(double p) => ClosedLoop.Percentile(sorted, p);
            var errors = _errors.IsEmpty ? "0" : string.Join(", ", _errors.OrderBy(e => e.Key).Select(e => $"{e.Value}×{e.Key}"));
            return string.Create(CultureInfo.InvariantCulture, $"| {name} | {sorted.Length} | {sorted.Length / seconds:F0} | {P(0.5):F1} | {P(0.99):F1} | {errors} |");
        }
    }

    public static async Task RunAsync(Options o)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 4096, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = o.Url, Timeout = TimeSpan.FromSeconds(60) };
        var tokens = new Dictionary<string, string>();
        foreach (var user in new[] { "carrier.demo", "carrier2.demo", "pk.officer.torkham", "af.officer.torkham", "pk.liaison", "af.liaison" })
        {
            var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = o.Password });
            response.EnsureSuccessStatusCode();
            tokens[user] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        }
        // The server has been showing the closed crossing before it reopens: every crossing's status has been computed once
        // (untimed), so that the rush measures a running server rather than its first, cold computation of each crossing.
        (await http.GetAsync("/api/v1/crossings")).EnsureSuccessStatusCode();

        var stats = new ConcurrentDictionary<string, Stats>();
        Stats Of(string kind) => stats.GetOrAdd(kind, _ => new Stats());
        var events = 0L;
        var fragments = 0L;
        var notModified = 0L;
        // Only what the rush itself sends is counted (requests, events, fragments, the server's CPU), not the warm-up's: the
        // warm-up's workers have all ended before the rush's start, so whatever one sees, it sees from one phase.
        var counting = false;
        // When the counted phase began: its length, and the writes started in its first seconds reported on their own (the surge).
        var countingSince = 0L;
        var stop = new CancellationTokenSource(TimeSpan.FromSeconds(o.Warmup));

        async Task<HttpResponseMessage?> Send(string kind, HttpMethod method, string path, string? user, object? body)
        {
            using var request = new HttpRequestMessage(method, path);
            if (user is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[user]);
            }
            if (body is not null)
            {
                request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            }
            var started = Stopwatch.GetTimestamp();
            try
            {
                var response = await http.SendAsync(request, stop.Token);
                await response.Content.LoadIntoBufferAsync(stop.Token);
                if (!counting)
                {
                    return response;
                }
                if (response.IsSuccessStatusCode)
                {
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    Of(kind).Ok(ms);
                    if (kind is "check in" or "register truck" && Stopwatch.GetElapsedTime(countingSince, started) < SurgeSpan)
                    {
                        Of($"{kind}, started in the first {SurgeSpan.TotalSeconds:F0} s").Ok(ms);
                    }
                }
                else
                {
                    Of(kind).Error(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                }
                return response;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (counting)
                {
                    Of(kind).Error(e.GetType().Name);
                }
                return null;
            }
        }

        // Plates are numbered across both phases: a truck registered in the warm-up still holds its plate.
        var plate = 0;

        // The Afghan side's notice for Torkham, both directions, in force now (a closure as an emergency); its id. A refused
        // notice ends the run: a rush without its reopening measures nothing.
        async Task<string?> Notice(string gateState, string reasonCategory, string reason)
        {
            var serverNow = (await http.GetAsync("/health")).Headers.Date ?? throw new InvalidOperationException("no Date header");
            var closing = gateState != "open";
            var issued = await Send("issue notice", HttpMethod.Post, "/api/v1/crossings/torkham/notices", "af.liaison", new
            {
                gateState, directions = new[] { "PK-AF", "AF-PK" }, reasonCategory, reason, effectiveFrom = serverNow,
                emergency = closing, emergencyJustification = closing ? reason : null,
            });
            if (issued is not { IsSuccessStatusCode: true })
            {
                throw new InvalidOperationException($"The {gateState} notice for Torkham was refused: {(issued is null ? "no answer" : await issued.Content.ReadAsStringAsync())}");
            }
            return JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        }

        // The live pages: opened once and held open across the phases, as pages left open on a closed crossing wait for its
        // reopening; only what they receive and fetch once the count began is counted.
        Task Streams(CancellationToken end)
        {
            var workers = new List<Task>();
            // The event stream, held open by many, as live pages hold it: each event is counted, and each status event of
            // Torkham makes the page fetch what live.js fetches — half of the pages are the status board (its Torkham region,
            // revalidated by ETag as a browser's cache does), half a call log of one direction (each call by its number).
            for (var i = 0; i < o.Streams; i++)
            {
                var board = i % 2 == 0;
                var direction = i % 4 == 1 ? "PK-AF" : "AF-PK";
                workers.Add(Task.Run(async () =>
                {
                    string? etag = null;
                    try
                    {
                        using var response = await http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead, end);
                        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(end));
                        var type = "";
                        while (await reader.ReadLineAsync(end) is { } line)
                        {
                            if (line.StartsWith("event: ", StringComparison.Ordinal))
                            {
                                if (counting)
                                {
                                    Interlocked.Increment(ref events);
                                }
                                type = line["event: ".Length..];
                                continue;
                            }
                            if (type != "status" || !line.StartsWith("data: ", StringComparison.Ordinal))
                            {
                                continue;
                            }
                            var e = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                            if (e.GetProperty("crossingId").GetString() != "torkham")
                            {
                                continue;
                            }
                            if (board)
                            {
                                var fetched = await Fragment("live: status region", "/live/status/torkham", etag);
                                etag = fetched ?? etag;
                            }
                            else if (e.GetProperty("data").TryGetProperty("call", out var call) && call.ValueKind == JsonValueKind.Object
                                && call.GetProperty("direction").GetString() == direction)
                            {
                                await Fragment("live: call fragment", $"/live/calls/torkham/{direction}/{call.GetProperty("number").GetInt32()}", null);
                            }
                        }
                    }
                    catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
                    {
                        if (!end.IsCancellationRequested && counting)
                        {
                            Of("event stream").Error(e.GetType().Name);
                        }
                    }
                }));
            }

            // A fragment as live.js fetches it; returns the ETag to revalidate with next time.
            async Task<string?> Fragment(string kind, string path, string? etag)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Add("X-Requested-With", "khyber-live");
                if (etag is not null)
                {
                    request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
                }
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request, end);
                    await response.Content.LoadIntoBufferAsync(end);
                    if (response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.NotModified)
                    {
                        if (counting)
                        {
                            Of(kind).Ok(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                            Interlocked.Increment(ref fragments);
                            if (response.StatusCode == System.Net.HttpStatusCode.NotModified)
                            {
                                Interlocked.Increment(ref notModified);
                            }
                        }
                        return response.Headers.ETag?.ToString();
                    }
                    if (counting)
                    {
                        Of(kind).Error(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    if (!end.IsCancellationRequested && counting)
                    {
                        Of(kind).Error(e.GetType().Name);
                    }
                }
                return null;
            }
            return Task.WhenAll(workers);
        }

        // The workload: readers, carriers, officers and liaisons, until the current phase stops.
        async Task Workload(string? noticeId)
        {
            var workers = new List<Task>();
            // Public readers: status polling with a second of think time, like a page that refreshes.
            for (var i = 0; i < o.Readers; i++)
            {
                var path = i % 4 == 0 ? "/api/v1/crossings" : "/api/v1/crossings/torkham";
                var kind = i % 4 == 0 ? "status: all crossings" : "status: torkham";
                workers.Add(Task.Run(async () =>
                {
                    await Task.Delay(Random.Shared.Next(1000), CancellationToken.None);
                    while (!stop.IsCancellationRequested)
                    {
                        await Send(kind, HttpMethod.Get, path, null, null);
                        await Delay(1000, stop.Token);
                    }
                }));
            }
            // Carriers: register, check in, then look at their position now and then.
            for (var i = 0; i < o.Carriers; i++)
            {
                var carrier = i % 2 == 0 ? "carrier.demo" : "carrier2.demo";
                workers.Add(Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var n = Interlocked.Increment(ref plate);
                        var registered = await Send("register truck", HttpMethod.Post, "/api/v1/trucks", carrier, new
                        {
                            crossingId = "torkham", direction = n % 2 == 0 ? "PK-AF" : "AF-PK", plate = $"RUSH{Environment.ProcessId % 100:D2}{n:D6}",
                            registrationCountry = n % 2 == 0 ? "PK" : "AF",
                            driver = new { name = "Rush Driver", documentNumber = $"RD{n:D8}" },
                            cargo = new { description = "Fresh grapes", hsCode = "080610", category = n % 3 == 0 ? "perishable" : "general", valueUsd = 9000, weightKg = 15000, shelfLifeHours = n % 3 == 0 ? 72 : (double?)null },
                        });
                        if (registered is not { IsSuccessStatusCode: true })
                        {
                            await Delay(500, stop.Token);
                            continue;
                        }
                        var id = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
                        await Send("check in", HttpMethod.Post, $"/api/v1/trucks/{id}/arrival", carrier, null);
                        for (var look = 0; look < 3 && !stop.IsCancellationRequested; look++)
                        {
                            await Delay(1000, stop.Token);
                            await Send("my truck", HttpMethod.Get, $"/api/v1/trucks/{id}", carrier, null);
                        }
                    }
                }));
            }
            // Officers of each side call their direction forward every few seconds.
            foreach (var (officer, direction) in new[] { ("pk.officer.torkham", "PK-AF"), ("af.officer.torkham", "AF-PK") })
            {
                workers.Add(Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        await Send("call forward", HttpMethod.Post, $"/api/v1/crossings/torkham/queue/{direction}/call", officer, new { count = 5 });
                        await Send("queue (officer)", HttpMethod.Get, $"/api/v1/crossings/torkham/queue/{direction}", officer, null);
                        await Delay(2000, stop.Token);
                    }
                }));
            }
            // Liaisons: Pakistan acknowledges the reopening; notices elsewhere come and go.
            workers.Add(Task.Run(async () =>
            {
                if (noticeId is not null)
                {
                    await Send("acknowledge", HttpMethod.Post, $"/api/v1/notices/{noticeId}/acknowledgement", "pk.liaison", new { });
                }
                var k = 0;
                while (!stop.IsCancellationRequested)
                {
                    var now = (await http.GetAsync("/health", CancellationToken.None)).Headers.Date ?? DateTimeOffset.MinValue;
                    var issued = await Send("issue notice", HttpMethod.Post, "/api/v1/crossings/kharlachi/notices", "pk.liaison", k++ % 2 == 0
                        ? new { gateState = "restricted", directions = new[] { "PK-AF" }, reasonCategory = "weather", reason = "Snow on the approach road.", effectiveFrom = now, emergency = true, emergencyJustification = "Road blocked this morning." }
                        : (object)new { gateState = "open", directions = new[] { "PK-AF" }, reasonCategory = "weather", reason = "Road cleared.", effectiveFrom = now });
                    if (issued is { IsSuccessStatusCode: true })
                    {
                        var id = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
                        await Send("acknowledge", HttpMethod.Post, $"/api/v1/notices/{id}/acknowledgement", "af.liaison", new { });
                    }
                    await Delay(3000, stop.Token);
                }
            }));
            // And the trivial endpoint, in the same run, for scale.
            for (var i = 0; i < 4; i++)
            {
                workers.Add(Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        await Send("ping (trivial)", HttpMethod.Get, "/api/v1/ping", null, null);
                        await Delay(10, stop.Token);
                    }
                }));
            }

            await Task.WhenAll(workers);
        }

        // The server has been in service while the crossing was closed (and, with OpenFirst, while it was open before): the
        // same workload, not counted, so that the JIT has compiled the hot paths as in a server that has been running, and
        // the queue has grown. Then the reopening.
        // The live pages stay open through it, as pages left open on the closed crossing would be when it reopens.
        using var streamsEnd = new CancellationTokenSource();
        Task? streams = null;
        if (o.Warmup > 0)
        {
            streams = Streams(streamsEnd.Token);
            if (o.OpenFirst > 0)
            {
                // The crossing open, as it was before the closure: the Afghan side opens it, then closes it again.
                stop.Dispose();
                stop = new CancellationTokenSource(TimeSpan.FromSeconds(o.OpenFirst));
                var open = await Notice("open", "commitment-dispute", "Open for the season's trade.");
                await Workload(open);
                stop.Dispose();
                stop = new CancellationTokenSource(TimeSpan.FromSeconds(o.Warmup));
                await Notice("closed", "security", "Exchange of fire at the gate.");
            }
            await Workload(null);
        }
        stop.Dispose();
        stop = new CancellationTokenSource(TimeSpan.FromSeconds(o.Seconds));
        streamsEnd.CancelAfter(TimeSpan.FromSeconds(o.Seconds));
        counting = true;
        countingSince = Stopwatch.GetTimestamp();
        var cpuBefore = o.Cpu?.Seconds();

        // The reopening itself: the Afghan side lifts its closure; Pakistan acknowledges.
        var noticeId = await Notice("open", "commitment-dispute", "Reopened after the Kabul talks.");

        // Without a warm-up the pages open with the reopening, as the rest of the load does.
        streams ??= Streams(streamsEnd.Token);
        await Workload(noticeId);
        await streams;
        stop.Dispose();
        var seconds = Stopwatch.GetElapsedTime(countingSince).TotalSeconds;
        var cpuSeconds = o.Cpu is null ? (double?)null : o.Cpu.Seconds() - cpuBefore!.Value;
        Console.WriteLine($"# reopening rush — {o.Readers} status readers, {o.Streams} event streams, {o.Carriers} carriers, 2 officers, 2 liaisons, {seconds:F0} s{(o.Warmup > 0 ? $", after {(o.OpenFirst > 0 ? $"{o.OpenFirst} s of the same load on the open crossing, its closure and " : "")}{o.Warmup} s of the same load on the closed crossing, not counted" : "")}");
        Console.WriteLine("| request | done | req/s | p50 ms | p99 ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, s) in stats.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(s.Row(name, seconds));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"events received over {o.Streams} streams: {events} ({events / Math.Max(1, o.Streams)} each); live fragments fetched: {fragments} ({notModified} answered 304)"));
        if (cpuSeconds is { } used)
        {
            var requests = stats.Values.Sum(s => s.Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"server CPU: {used:F1} s over {seconds:F0} s ({used / seconds:F2} cores), {used * 1000 / Math.Max(1, requests):F3} s per 1000 requests of every kind"));
        }
    }

    /// <summary>How long after the reopening a write counts as part of its surge, reported on its own as well.</summary>
    private static readonly TimeSpan SurgeSpan = TimeSpan.FromSeconds(5);

    private static async Task Delay(int ms, CancellationToken ct)
    {
        try
        {
            await Task.Delay(ms, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
