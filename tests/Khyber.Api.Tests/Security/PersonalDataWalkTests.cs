using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Khyber.Api.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Khyber.Api.Tests.Security;

/// <summary>
/// A day of the demo, walked as every kind of caller: every readable API route, every event the server wrote (what
/// the event stream, the Atom feed and webhooks carry) and every audit payload, searched for the drivers' names,
/// document numbers and phones. Only the truck's carrier and its crossing's officers may meet its driver.
/// </summary>
public sealed partial class PersonalDataWalkTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> DemoDay = new()
    {
        ["Demo:Enabled"] = "true",
        ["Demo:HistoryDays"] = "1",
        ["Demo:Password"] = TestDatabase.Password,
    };

    /// <summary>Callers and the drivers each may meet: by carrier, by crossing, or none.</summary>
    private static readonly (string User, string? Carrier, string? Crossing)[] Callers =
    [
        ("(anonymous)", null, null),
        ("pk.liaison", null, null),
        ("af.liaison", null, null),
        ("admin", null, null),
        ("pk.admin", null, null),
        ("af.admin", null, null),
        ("carrier.demo", "khyber-freight", null),
        ("carrier2.demo", "spin-ghar", null),
        ("pk.officer.torkham", null, "torkham"),
        ("af.officer.chaman", null, "chaman"),
    ];

    /// <summary>Routes not walked, and why.</summary>
    private static readonly Dictionary<string, string> NotWalked = new()
    {
        ["/api/v1/events"] = "a stream that never ends; what it carries is the events checked below",
        ["/api/v1/sms/inbound"] = "called by the SMS gateway with its secret; it answers the sender's own number",
        ["/api/v1/sms/messages/{id}/delivery-reports"] = "called by the SMS gateway with its secret; answers only 'recorded'",
        ["/api/v1/crossings/{id}/reports/{day}.pdf"] = "the same figures as the report's JSON, which is walked",
    };

    [Fact]
    public async Task No_drivers_name_document_or_phone_reaches_anyone_but_the_trucks_carrier_and_its_crossings_officers()
    {
        await using var app = await TestApp.StartEmptyAsync(DemoDay);
        // Drivers with phones, so that texts are written too: one truck of each demo carrier at each of two crossings.
        var plates = 0;
        foreach (var (carrier, crossing) in new[] { ("carrier.demo", "torkham"), ("carrier2.demo", "torkham"), ("carrier.demo", "chaman"), ("carrier2.demo", "chaman") })
        {
            plates++;
            var truck = new TruckBuilder().At(crossing, "AF-PK").Plate($"KBL{7700 + plates}").Driver($"Walked Driver {plates}", $"AF99000{plates}").Phone($"+9370123450{plates}");
            var created = await (await (await app.As(carrier)).Post("/api/v1/trucks", truck.Build())).Json(HttpStatusCode.Created);
            await (await (await app.As(carrier)).Post($"/api/v1/trucks/{created.GetProperty("id").GetGuid()}/arrival", null)).Json(HttpStatusCode.OK);
        }

        // A day of operations through the API at Chaman, which the demo leaves open: calls, exits, entries, a closure
        // acknowledged by the other side, an incident — and the clock's ticks (no-shows, spoilage) through the day.
        var called = await (await (await app.As("af.officer.chaman")).Post("/api/v1/crossings/chaman/queue/AF-PK/call", new { count = 12 })).Json(HttpStatusCode.OK);
        foreach (var truck in called.EnumerateArray().Take(8).Select(t => t.GetProperty("id").GetGuid()))
        {
            await (await (await app.As("af.officer.chaman")).Post($"/api/v1/trucks/{truck}/exit", null)).Json(HttpStatusCode.OK);
            await (await (await app.As("pk.officer.chaman")).Post($"/api/v1/trucks/{truck}/entry", null)).Json(HttpStatusCode.OK);
        }
        await (await (await app.As("pk.officer.torkham")).Post("/api/v1/incidents", new IncidentBuilder().Build())).Json(HttpStatusCode.Created);
        for (var hour = 0; hour < 24; hour += 2)
        {
            if (hour == 12)
            {
                var notice = await (await (await app.As("pk.liaison")).Post("/api/v1/crossings/chaman/notices", new NoticeBuilder().From(app.Time.GetUtcNow(), emergency: true).Build())).Json(HttpStatusCode.Created);
                await (await (await app.As("af.liaison")).Post($"/api/v1/notices/{notice.GetProperty("id").GetGuid()}/acknowledgement", new { })).Json(HttpStatusCode.Created);
            }
            app.Time.Advance(TimeSpan.FromHours(2));
            await app.TickAsync();
        }

        var drivers = await app.Db(async db => (await db.Trucks.AsNoTracking().ToListAsync())
            .SelectMany(t => new[] { t.DriverName, t.DriverDocumentNumber, t.DriverPhone ?? "" }.Where(v => v.Length >= 5).Select(v => (Value: Normal(v), t.CarrierId, t.CrossingId)))
            .ToList());
        Assert.Contains(drivers, d => d.Value == "+93701234501");
        Assert.Contains(drivers, d => d.Value == "Walked Driver 1");
        // The carriers' contact people are for the administrators to see; a contact may share a driver's name ("Gul Zaman Afridi").
        var contacts = await app.Db(async db => (await db.Carriers.AsNoTracking().Select(c => c.ContactName).ToListAsync()).ToHashSet());
        var urls = await Urls(app);

        var requests = 0;
        var leaks = new List<string>();
        foreach (var (user, carrier, crossing) in Callers)
        {
            // What this caller may meet: the values of drivers it may see (a name can be shared by drivers of several trucks).
            var allowed = drivers.Where(d => (carrier is not null && d.CarrierId == carrier) || (crossing is not null && d.CrossingId == crossing)).Select(d => d.Value).ToHashSet();
            var forbidden = drivers.Select(d => d.Value).Where(v => !allowed.Contains(v)).ToHashSet();
            var client = user == "(anonymous)" ? app.Anonymous() : await app.As(user);
            foreach (var url in urls)
            {
                using var response = await client.GetAsync(url);
                requests++;
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, $"GET {url} as {user}: 500 {text}");
                var phrases = Phrases(Strings(text, response.Content.Headers.ContentType?.MediaType).Where(t => !contacts.Contains(t)));
                var found = forbidden.Where(phrases.Contains).ToList();
                if (found.Count > 0)
                {
                    leaks.Add($"GET {url} as {user}: {string.Join(", ", found.Take(3))}");
                }
            }
        }

        // Events (the stream, the Atom feed, webhooks) and audit payloads are read by both sides: no driver at all.
        var (events, payloads) = await app.Db(async db => (
            await db.OutboxMessages.AsNoTracking().Select(m => m.Payload).ToListAsync(),
            await db.AuditEntries.AsNoTracking().Select(e => e.Payload).ToListAsync()));
        var everyDriver = drivers.Select(d => d.Value).ToHashSet();
        foreach (var (kind, texts) in new[] { ("event", events), ("audit payload", payloads) })
        {
            foreach (var text in texts)
            {
                var phrases = Phrases(Strings(text, "application/json"));
                var found = everyDriver.Where(phrases.Contains).ToList();
                if (found.Count > 0)
                {
                    leaks.Add($"{kind}: {string.Join(", ", found.Take(3))}");
                }
            }
        }
        output.WriteLine($"{requests} requests over {urls.Count} URLs as {Callers.Length} callers; {events.Count} events, {payloads.Count} audit entries; {everyDriver.Count} personal values");
        Assert.True(events.Count > 20 && payloads.Count > 30, "a day of operations writes events and audit entries");
        Assert.True(leaks.Count == 0, $"{leaks.Count} answers show a driver to someone who may not see him:\n{string.Join("\n", leaks.Take(40))}");

        // The walk is not vacuous: the truck's carrier and its officers do meet its driver.
        var own = await (await app.As("carrier.demo")).GetStringAsync("/api/v1/trucks?crossing=torkham&limit=500");
        Assert.Contains("+93701234501", own, StringComparison.Ordinal);
        Assert.Contains("Walked Driver 1", own, StringComparison.Ordinal);
    }

    /// <summary>Every readable API route, its parameters filled from the demo's records (a new route fails here until given a sample).</summary>
    private static async Task<List<string>> Urls(TestApp app)
    {
        var ids = await app.Db(async db => new Dictionary<string, string?>
        {
            ["crossings"] = "torkham",
            ["trucks"] = (await db.Trucks.AsNoTracking().OrderBy(t => t.RegisteredAt).FirstAsync(t => t.DriverPhone != null)).Id.ToString(),
            ["notices"] = (await db.Notices.AsNoTracking().FirstAsync()).Id.ToString(),
            ["incidents"] = (await db.Incidents.AsNoTracking().FirstOrDefaultAsync())?.Id.ToString(),
            ["meetings"] = (await db.Meetings.AsNoTracking().FirstOrDefaultAsync())?.Id.ToString(),
            ["agreements"] = (await db.Agreements.AsNoTracking().FirstOrDefaultAsync())?.Id.ToString(),
            ["commitments"] = (await db.Commitments.AsNoTracking().FirstOrDefaultAsync())?.Id.ToString(),
            ["webhooks"] = Guid.NewGuid().ToString(),
            ["carriers"] = "khyber-freight",
            ["carrier-applications"] = Guid.NewGuid().ToString(),
            ["users"] = "carrier.demo",
            ["track"] = (await db.Trucks.AsNoTracking().OrderBy(t => t.RegisteredAt).FirstAsync(t => t.DriverPhone != null)).TrackingCode,
        });
        var day = app.Time.GetUtcNow().AddDays(-1).ToString("yyyy-MM-dd");
        var values = new Dictionary<string, string> { ["direction"] = "AF-PK", ["day"] = day, ["kind"] = "trucks", ["username"] = "carrier.demo", ["code"] = ids["track"]! };
        var urls = new List<string>();
        var routes = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(r => r.StartsWith("/api/", StringComparison.Ordinal))
            .Select(r => Constraint().Replace(r, "}"))
            .Distinct()
            .Order(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            if (NotWalked.ContainsKey(route))
            {
                continue;
            }
            var url = Parameter().Replace(route, m =>
            {
                var name = m.Groups["name"].Value;
                var segment = m.Groups["segment"].Value;
                if (values.TryGetValue(name, out var value) || (name == "id" && ids.TryGetValue(segment, out value) && value is not null))
                {
                    return $"{segment}/{value}";
                }
                throw new InvalidOperationException($"No sample for {{{name}}} after '{segment}' in {route}: add one to the walk.");
            });
            urls.Add(url);
            // The lists again, for a crossing and as long as a page goes.
            if (!url.Contains('{', StringComparison.Ordinal))
            {
                urls.Add($"{url}?crossing=torkham&limit=500");
            }
        }
        urls.Add($"/api/v1/crossings/torkham/exports/trucks.csv?from={day}&to={app.Time.GetUtcNow():yyyy-MM-dd}");
        urls.Add($"/api/v1/crossings/torkham/exports/trucks.csv?from={day}&to={app.Time.GetUtcNow():yyyy-MM-dd}&status=entered");
        return urls;
    }

    /// <summary>The strings of an answer: JSON's string values (whatever their escaping), or the text itself.</summary>
    private static List<string> Strings(string text, string? mediaType)
    {
        if (mediaType is not null && mediaType.Contains("json", StringComparison.Ordinal) && text.Length > 0)
        {
            var strings = new List<string>();
            using var json = JsonDocument.Parse(text);
            Collect(json.RootElement, strings);
            return strings;
        }
        return [text];

        static void Collect(JsonElement e, List<string> into)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    into.Add(e.GetString()!);
                    break;
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        Collect(p.Value, into);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Collect(item, into);
                    }
                    break;
            }
        }
    }

    /// <summary>A value as a phrase: its words (letters, digits, '+') joined by single spaces.</summary>
    private static string Normal(string value) => string.Join(' ', Words().Split(value).Where(w => w.Length > 0));

    /// <summary>Every run of one to four consecutive words in the strings: a driver's name, number or phone is one of them wherever it stands.</summary>
    private static HashSet<string> Phrases(IEnumerable<string> strings)
    {
        var phrases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in strings)
        {
            var words = Words().Split(s).Where(w => w.Length > 0).ToArray();
            for (var i = 0; i < words.Length; i++)
            {
                for (var n = 1; n <= 4 && i + n <= words.Length; n++)
                {
                    phrases.Add(string.Join(' ', words, i, n));
                }
            }
        }
        return phrases;
    }

    [GeneratedRegex(@"[^\p{L}\p{N}+]+")]
    private static partial Regex Words();

    [GeneratedRegex(@":[^}]+}")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"(?<segment>[a-z-]+)/\{(?<name>[a-z]+)\}")]
    private static partial Regex Parameter();
}
