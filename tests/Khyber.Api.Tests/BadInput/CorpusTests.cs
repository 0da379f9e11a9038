using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Khyber.Api.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Khyber.Api.Tests.BadInput;

/// <summary>
/// The bad-input corpus: every endpoint that takes input gets its valid request mutated in every place
/// (each route value, query parameter, header, each JSON leaf and the body as a whole) with every value of
/// the corpus. Whatever comes back is never a 5xx; a 4xx is a problem and leaves everything stored as it
/// was; a 2xx means the value was legitimately accepted, and text is then stored and echoed exactly as sent.
/// </summary>
/// <remarks>The field-by-field answers (which status, which field named) are in the other bad-input tests; this is the sweep.</remarks>
public sealed partial class CorpusTests(ITestOutputHelper output)
{
    // ------------------------------------------------------------------ the corpus

    /// <summary>One corpus value: its JSON text, and (for text) the string that must come back exactly if it is accepted.</summary>
    private sealed record Sample(string Name, string Json, string? Text);

    private static readonly JsonSerializerOptions RawText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Sample Str(string name, string text, bool echoed = true) => new(name, JsonSerializer.Serialize(text, RawText), echoed ? text : null);

    private static Sample Raw(string name, string json) => new(name, json, null);

    private static readonly string RandomId = Guid.NewGuid().ToString();

    /// <summary>A cursor of the lists keyed by a time and an id, as their next links give it.</summary>
    private static readonly string TimeCursor = Khyber.Api.Infrastructure.Paging.Cursor(new Khyber.Api.Infrastructure.TimeKey(KhyberFactory.Start, Guid.Empty));

    /// <summary>Text a person may legitimately write (names in Arabic script, marks of direction) and text meant to do harm.</summary>
    private static readonly (string Name, string Text)[] Texts =
    [
        ("Urdu/Pashto name", "گل زمان خان آفریدی"),
        ("Arabic with Arabic-Indic digits", "محمد عبد الله ١٢٣"),
        ("right-to-left override U+202E", "\u202Egnp.exe"),
        ("right-to-left marks U+200F", "\u200Fنام\u200F"),
        ("bidi isolates", "\u2067ابc\u2069"),
        ("zero-width joiner", "a\u200Db"),
        ("combining accent (not NFC)", "Jose\u0301"),
        ("emoji", "🚚 Kinnow 🍊"),
        ("SQL: drop table", "'; DROP TABLE \"Trucks\"; --"),
        ("SQL: or 1=1", "' OR 1=1 --"),
        ("SQL: stacked sleep", "x'); SELECT pg_sleep(5); --"),
        ("HTML: script", "<script>alert(1)</script>"),
        ("HTML: img onerror", "\"><img src=x onerror=alert(1)>"),
        ("template injection", "{{7*7}} ${7*7} #{7*7}"),
        ("percent and backslash", "100% \\ %00 %s %n"),
        ("control characters", "a\u0001\u001Bb\u007F"),
        ("NUL inside", "a\u0000b"),
        ("newline inside", "line one\nline two"),
        ("CR LF inside", "a\r\nb"),
        ("10 KB", new string('x', 10_240)),
        ("NaN as text", "NaN"),
        ("Infinity as text", "Infinity"),
        ("1e309 as text", "1e309"),
        ("-1 as text", "-1"),
        ("2^63 as text", "9223372036854775808"),
        ("0.1 as text", "0.1"),
        ("true as text", "true"),
        ("year 0001", "0001-01-01T00:00:00Z"),
        ("9999-12-31", "9999-12-31T23:59:59.9999999Z"),
        ("2026-02-30 with time", "2026-02-30T10:00:00Z"),
        ("no timezone", "2026-11-28T06:00:00"),
        ("offset +14:00", "2026-11-28T06:00:00+14:00"),
        ("day 0001-01-01", "0001-01-01"),
        ("day 9999-12-31", "9999-12-31"),
        ("day 2026-02-30", "2026-02-30"),
        ("random GUID", RandomId),
        ("empty GUID", Guid.Empty.ToString()),
        ("GUID in braces", "{" + RandomId + "}"),
        ("not a GUID", "PES-1234"),
        ("words joined by a comma", "open,restricted"),
        ("a hyphenated number", "0-2"),
    ];

    /// <summary>What goes into a JSON leaf: every text above, blank text, and values of every other JSON type.</summary>
    private static readonly Sample[] Values =
    [
        .. Texts.Select(t => Str(t.Name, t.Text)),
        Str("empty string", "", echoed: false),
        Str("blank", " ", echoed: false),
        Str("tab and newline", "\t\n", echoed: false),
        Str("70 KB (over the body limit)", new string('y', 70_000), echoed: false),
        Raw("lone surrogate", "\"\\uD800\""),
        Raw("escaped NUL", "\"\\u0000\""),
        Raw("1e309", "1e309"),
        Raw("-1", "-1"),
        Raw("0", "0"),
        Raw("-0", "-0"),
        Raw("2^63", "9223372036854775808"),
        Raw("-2^63-1", "-9223372036854775809"),
        Raw("0.1", "0.1"),
        Raw("1e-400", "1e-400"),
        Raw("30 digits", "123456789012345678901234567890"),
        Raw("1E+2", "1E+2"),
        Raw("true", "true"),
        Raw("false", "false"),
        Raw("null", "null"),
        Raw("empty array", "[]"),
        Raw("empty object", "{}"),
        Raw("array of text", "[\"x\"]"),
        Raw("object with a field", "{\"x\":1}"),
        Raw("10 000 numbers", "[" + string.Join(",", Enumerable.Repeat("1", 10_000)) + "]"),
        Raw("arrays nested 200 deep", new string('[', 200) + new string(']', 200)),
    ];

    /// <summary>What goes into a route value or a query parameter (URL-escaped).</summary>
    private static readonly (string Name, string Text)[] UrlValues =
    [
        // Not NUL: Kestrel refuses %00 in a path with its own 400 before the application (and the test host cannot send it).
        .. Texts.Where(t => t.Text.Length < 1000 && !t.Text.Contains('\0', StringComparison.Ordinal)),
        ("empty", ""),
        ("blank", " "),
        ("dot dot", ".."),
        ("slash", "a/b"),
        ("percent", "%"),
        ("10 KB id", new string('a', 10_240)),
        ("replacement character U+FFFD", "\uFFFD"),
    ];

    /// <summary>Header values; each goes on every endpoint it applies to.</summary>
    private static readonly (string Header, string Name, string Value)[] HeaderValues =
    [
        ("Authorization", "garbage bearer token", "Bearer garbage"),
        ("Authorization", "10 KB bearer token", "Bearer " + new string('a', 10_240)),
        ("Authorization", "three-part token that is not a JWT", "Bearer a.b.c"),
        ("Authorization", "basic credentials", "Basic Y2Fycmllci5kZW1vOlRlc3QtcGFzcy0yMDI2"),
        ("Authorization", "scheme only", "Bearer"),
        ("Authorization", "right-to-left token", "Bearer \u202Eabc"),
        ("Idempotency-Key", "10 KB key", new string('k', 10_240)),
        ("Idempotency-Key", "blank key", " "),
        ("Idempotency-Key", "right-to-left key", "\u202Ekey"),
        ("Idempotency-Key", "Arabic key", "کلید"),
        ("Idempotency-Key", "SQL key", "'; DROP TABLE \"Trucks\"; --"),
        ("Idempotency-Key", "HTML key", "<script>alert(1)</script>"),
        ("Accept", "HTML only", "text/html"),
        ("Accept", "XML only", "application/xml"),
        ("Accept-Language", "Pashto", "ps"),
        ("Last-Event-ID", "not a number", "abc"),
        ("Last-Event-ID", "negative", "-1"),
        ("Last-Event-ID", "2^63", "9223372036854775808"),
        ("Last-Event-ID", "1e309", "1e309"),
        ("Last-Event-ID", "10 KB", new string('9', 10_240)),
        ("Last-Event-ID", "Arabic-Indic digits", "١٢٣"),
    ];

    /// <summary>Whole bodies: content type, bytes (made from the valid JSON text), and whether the request must be refused.</summary>
    private static readonly (string Name, string? ContentType, Func<string, byte[]> Bytes)[] Bodies =
    [
        ("truncated JSON", "application/json", v => Utf8(v[..(v.Length / 2)])),
        ("empty", "application/json", _ => []),
        ("whitespace", "application/json", _ => Utf8(" \n\t ")),
        ("[]", "application/json", _ => Utf8("[]")),
        ("null", "application/json", _ => Utf8("null")),
        ("a string", "application/json", _ => Utf8("\"x\"")),
        ("a number", "application/json", _ => Utf8("1")),
        ("{}", "application/json", _ => Utf8("{}")),
        ("{,}", "application/json", _ => Utf8("{,}")),
        ("single quotes", "application/json", v => Utf8(v.Replace('"', '\''))),
        ("trailing comma", "application/json", v => Utf8(v[..^1] + ",}")),
        ("comment", "application/json", v => Utf8("/* c */" + v)),
        ("trailing garbage", "application/json", v => Utf8(v + " and more")),
        ("two documents", "application/json", v => Utf8(v + v)),
        ("2 MB", "application/json", v => Utf8(v[..^1] + ",\"padding\":\"" + new string('p', 2 * 1024 * 1024) + "\"}")),
        ("nested 200 levels", "application/json", v => Utf8(v[..^1] + ",\"deep\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200) + "}")),
        ("duplicated keys", "application/json", v => Utf8("{" + (v.IndexOf(',', StringComparison.Ordinal) is > 0 and var comma ? v[1..comma] : v[1..^1]) + "," + v[1..])),
        ("byte order mark", "application/json", v => [0xEF, 0xBB, 0xBF, .. Utf8(v)]),
        ("invalid UTF-8", "application/json", v => [.. Utf8(v[..^1] + ",\"bad\":\""), 0xC3, 0x28, 0xFF, .. Utf8("\"}")]),
        ("raw NUL byte", "application/json", v => [.. Utf8(v[..^1]), 0x00, (byte)'}']),
        ("UTF-16 declared", "application/json; charset=utf-16", v => Encoding.Unicode.GetBytes(v)),
        ("UTF-16 undeclared", "application/json", v => Encoding.Unicode.GetBytes(v)),
        ("no content type", null, Utf8),
        ("text/plain", "text/plain", Utf8),
        ("form", "application/x-www-form-urlencoded", _ => Utf8("count=1&reason=x")),
        ("multipart", "multipart/form-data; boundary=xyz", _ => Utf8("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xyz--\r\n")),
        ("XML", "application/xml", _ => Utf8("<truck><plate>x</plate></truck>")),
        ("content type garbage", "nonsense", Utf8),
        ("problem+json", "application/problem+json", Utf8),
    ];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    // ------------------------------------------------------------------ the endpoints

    /// <summary>
    /// An endpoint that takes input: its valid request (body, route values made by <paramref name="Subject"/>, query),
    /// who may call it, which headers it reads, which body fields it does not echo (with the reason in the table),
    /// whether a successful call uses its subject up, and where its stored answer may be read back.
    /// </summary>
    private sealed record Endpoint(
        string Method,
        string Route,
        string? User,
        Func<JsonObject>? Body = null,
        Func<TestApp, Task<Dictionary<string, string>>>? Subject = null,
        Dictionary<string, string>? Query = null,
        string[]? Headers = null,
        string[]? NotEchoed = null,
        bool UsesUpSubject = false,
        bool ReadBack = true,
        bool Stream = false,
        int ValidStatus = 0)
    {
        public string Name => $"{Method} {Route}";
    }

    private static Dictionary<string, string> Torkham => new() { ["id"] = "torkham" };

    private static int _crossings;

    private static Func<TestApp, Task<Dictionary<string, string>>> Fixed(Dictionary<string, string> values) => _ => Task.FromResult(values);

    private static Func<TestApp, Task<Dictionary<string, string>>> Id(Func<TestApp, Task<Guid>> make) => async app => new() { ["id"] = (await make(app)).ToString() };

    private static readonly string[] Idempotent = ["Idempotency-Key"];

    /// <summary>Groups share one application (a fresh database); groups run three at a time.</summary>
    private static readonly (string Group, Endpoint[] Endpoints)[] Table =
    [
        ("auth", [
            // An unknown user: every mutation is refused, and no real account's failed sign-ins are counted.
            new("POST", "/api/v1/auth/token", null, () => new JsonObject { ["username"] = "corpus.nobody", ["password"] = "Test-pass-2026", ["otp"] = "123456" }, ValidStatus: 401),
            // The same for a password change: an unknown account, so nothing is ever changed and no real account is counted against.
            new("POST", "/api/v1/auth/password", null, () => new JsonObject { ["username"] = "corpus.nobody", ["currentPassword"] = "Test-pass-2026", ["newPassword"] = "Corpus-pass-2027" },
                NotEchoed: ["currentPassword", "newPassword"], ValidStatus: 401),
            // A refresh token nobody was given: every mutation is refused, and no session is ever ended by a guess.
            new("POST", "/api/v1/auth/refresh", null, () => new JsonObject { ["refreshToken"] = "corpus-not-a-refresh-token" }, NotEchoed: ["refreshToken"], ValidStatus: 401),
        ]),
        ("sessions", [
            // A session of the caller's own, begun by a sign-in of its own for each subject, so ending it leaves the caller's token alone.
            new("POST", "/api/v1/auth/sessions/{sessionId}/end", "pk.liaison", Subject: LiaisonSession, UsesUpSubject: true),
            // Ends every session of the caller's: the mutations after the valid request are refused as not signed in (401), writing nothing.
            new("POST", "/api/v1/auth/sign-out-everywhere", "af.officer.chaman"),
        ]),
        ("second factor", [
            // Begins (again) a pending enrolment of the caller's: a new secret each time, made by the server.
            new("POST", "/api/v1/auth/second-factor", "af.officer.torkham"),
            // No enrolment of this caller's is pending: the well-formed code is refused as a conflict, every mutation with a 4xx, nothing written.
            new("POST", "/api/v1/auth/second-factor/confirmation", "pk.officer.chaman", () => new JsonObject { ["otp"] = "123456" }, ValidStatus: 409),
            // Nothing enrolled to remove: 404, and no guess at a code is ever counted against a real second factor.
            new("DELETE", "/api/v1/auth/second-factor", "af.officer.chaman", () => new JsonObject { ["otp"] = "123456" }, ValidStatus: 404),
            new("POST", "/api/v1/admin/users/{username}/second-factor/reset", "admin", Subject: Account),
        ]),
        ("accounts", [
            // A fresh username for every request, so that each accepted value is a new account.
            new("POST", "/api/v1/admin/users", "admin", () => new UserBuilder().Build()),
            new("GET", "/api/v1/admin/users/{username}", "admin", Subject: Fixed(new() { ["username"] = "pk.liaison" })),
            new("POST", "/api/v1/admin/users/{username}/disable", "admin", Subject: Account),
            new("POST", "/api/v1/admin/users/{username}/enable", "admin", Subject: Account),
            new("POST", "/api/v1/admin/users/{username}/unlock", "admin", Subject: Account),
            // The one-time password is made by the server: nothing sent is echoed.
            new("POST", "/api/v1/admin/users/{username}/password-reset", "admin", Subject: Account),
        ]),
        ("carriers", [
            // The phone number is kept in E.164 form (a documented rule), so it is not echoed as sent; a fresh registration number each time.
            new("POST", "/api/v1/admin/carriers", "pk.admin", () => CompanyBuilder.Company(registration: $"SECP-{Guid.NewGuid():N}"[..20]), NotEchoed: ["contact.phone"]),
            new("GET", "/api/v1/admin/carriers/{id}", "af.admin", Subject: Fixed(new() { ["id"] = "khyber-freight" })),
            new("POST", "/api/v1/carrier-applications", null, () => CompanyBuilder.Application(), NotEchoed: ["contact.phone"], ReadBack: false),
            new("GET", "/api/v1/admin/carrier-applications", "admin", Query: new() { ["status"] = "pending" }),
            new("GET", "/api/v1/admin/carrier-applications/{id}", "admin", Subject: Id(CarrierApplication)),
            new("POST", "/api/v1/admin/carrier-applications/{id}/approval", "admin",
                () => new JsonObject { ["username"] = $"corpus.{Guid.NewGuid():N}"[..20], ["displayName"] = "Corpus dispatch desk" }, Id(CarrierApplication), UsesUpSubject: true),
            new("POST", "/api/v1/admin/carrier-applications/{id}/rejection", "pk.admin", () => new JsonObject { ["reason"] = "Not in the registry." },
                Id(CarrierApplication), UsesUpSubject: true),
        ]),
        ("crossings", [
            new("GET", "/api/v1/crossings/{id}", null, Subject: Fixed(Torkham)),
            new("GET", "/api/v1/crossings/{id}/stranded", null, Subject: Fixed(Torkham)),
            new("GET", "/api/v1/crossings/{id}/stranded/history", null, Subject: Fixed(Torkham),
                Query: new() { ["direction"] = "PK-AF", ["from"] = "2026-11-27T06:00:00Z", ["to"] = "2026-11-28T06:00:00Z",
                    ["after"] = Khyber.Api.Infrastructure.Paging.Cursor(new Khyber.Api.Crossings.GetStrandedHistory.PointKey(KhyberFactory.Start.AddDays(-1), 0)), ["limit"] = "10" }),
            new("GET", "/api/v1/crossings/{id}/feed.atom", null, Subject: Fixed(Torkham)),
            new("GET", "/api/v1/crossings/{id}/crossed-per-day", null, Subject: Fixed(Torkham), Query: new() { ["days"] = "7" }),
            new("PATCH", "/api/v1/crossings/{id}/directions/{direction}", "admin", () => new JsonObject { ["lanesOpen"] = 5, ["perishableShare"] = 0.5 },
                Fixed(new() { ["id"] = "torkham", ["direction"] = "PK-AF" }), ReadBack: false),
            new("GET", "/api/v1/events", null, Query: new() { ["crossing"] = "torkham" }, Headers: ["Last-Event-ID"], Stream: true),
        ]),
        ("administration of crossings", [
            new("GET", "/api/v1/admin/crossings/{id}", "admin", Subject: Fixed(Torkham)),
            // Every request creates a crossing of its own id, so an accepted mutation never collides with an earlier one.
            new("POST", "/api/v1/admin/crossings", "admin", () => Crossings.CrossingAdministrationTests.NewCrossing($"corpus-{Interlocked.Increment(ref _crossings)}"),
                Headers: Idempotent),
            new("PUT", "/api/v1/admin/crossings/{id}", "admin", () =>
            {
                var body = Crossings.CrossingAdministrationTests.NewCrossing();
                body.Remove("id");
                return body;
            }, Fixed(Torkham), ReadBack: false),
        ]),
        ("notices", [
            new("POST", "/api/v1/crossings/{id}/notices", "af.officer.torkham", () => new NoticeBuilder().Build(), Fixed(Torkham), Headers: Idempotent),
            new("GET", "/api/v1/notices", null, Query: new() { ["crossing"] = "torkham", ["active"] = "true", ["acknowledged"] = "false", ["after"] = TimeCursor, ["limit"] = "10" }),
            new("GET", "/api/v1/notices/{id}", null, Subject: Id(AfNotice)),
            new("POST", "/api/v1/notices/{id}/acknowledgement", "pk.liaison", Subject: Id(AfNotice), Headers: Idempotent, UsesUpSubject: true),
        ]),
        ("trucks", [
            // The plate and document number are normalised to upper case (a documented rule), so they are not echoed as sent.
            // The driver's phone is kept in E.164 and the language in its canonical case, so neither is echoed as sent either.
            new("POST", "/api/v1/trucks", "carrier.demo", () => new TruckBuilder().Phone("+93 70 123 4567", "ps").Build(), Headers: Idempotent,
                NotEchoed: ["plate", "driver.documentNumber", "driver.phone", "driver.language"]),
            new("GET", "/api/v1/trucks", "pk.liaison", Query: new() { ["crossing"] = "torkham", ["direction"] = "PK-AF", ["status"] = "waiting", ["after"] = TimeCursor, ["limit"] = "10" }),
            new("GET", "/api/v1/trucks/{id}", "carrier.demo", Subject: Id(app => Truck(app, arrive: false))),
            new("POST", "/api/v1/trucks/{id}/arrival", "carrier.demo", Subject: Id(app => Truck(app, arrive: false)), UsesUpSubject: true),
            new("POST", "/api/v1/trucks/{id}/cancellation", "carrier.demo", Subject: Id(app => Truck(app, arrive: false)), UsesUpSubject: true),
            new("POST", "/api/v1/trucks/{id}/rejection", "pk.officer.torkham", () => new JsonObject { ["reason"] = "Seal broken." },
                Id(app => Truck(app, arrive: true)), UsesUpSubject: true),
        ]),
        ("queue", [
            new("GET", "/api/v1/crossings/{id}/queue/{direction}", "pk.officer.torkham", Subject: Fixed(new() { ["id"] = "torkham", ["direction"] = "PK-AF" })),
            new("GET", "/api/v1/crossings/{id}/queue/{direction}/calls", null, Subject: Fixed(new() { ["id"] = "torkham", ["direction"] = "PK-AF" }),
                Query: new() { ["after"] = Khyber.Api.Infrastructure.Paging.Cursor(new Khyber.Api.Queue.CallKey(1000)), ["limit"] = "10" }),
            new("POST", "/api/v1/crossings/{id}/queue/{direction}/call", "pk.officer.torkham", () => new JsonObject { ["count"] = 1 },
                Fixed(new() { ["id"] = "torkham", ["direction"] = "PK-AF" }), Headers: Idempotent),
            // Exits and entries act on called trucks; this application's queue holds only the subjects, so a call of 50 calls each one.
            new("POST", "/api/v1/trucks/{id}/exit", "pk.officer.torkham", Subject: Id(app => CalledTruck(app, exited: false)), UsesUpSubject: true),
            new("POST", "/api/v1/trucks/{id}/entry", "af.officer.torkham", Subject: Id(app => CalledTruck(app, exited: true)), UsesUpSubject: true),
        ]),
        ("incidents", [
            new("POST", "/api/v1/incidents", "pk.officer.torkham", () => new IncidentBuilder().Build(), Headers: Idempotent),
            new("GET", "/api/v1/incidents", null, Query: new() { ["crossing"] = "torkham", ["after"] = TimeCursor, ["limit"] = "10" }),
            new("GET", "/api/v1/incidents/{id}", null, Subject: Id(app => Registers.IncidentAsync(app))),
            new("POST", "/api/v1/incidents/{id}/responses", "af.liaison", () => new JsonObject { ["stance"] = "dispute", ["statement"] = "Our guards did not fire first." },
                Id(app => Registers.IncidentAsync(app)), Headers: Idempotent, UsesUpSubject: true),
        ]),
        ("registers", [
            new("POST", "/api/v1/meetings", "pk.liaison", MeetingBuilder.Build, Headers: Idempotent),
            new("GET", "/api/v1/meetings/{id}", null, Subject: Id(Meeting)),
            new("POST", "/api/v1/agreements", "af.liaison", () => new JsonObject { ["title"] = "Kabul understanding", ["concludedOn"] = "2026-11-27" }, Headers: Idempotent),
            new("GET", "/api/v1/agreements/{id}", "pk.liaison", Subject: Id(app => Registers.AgreementAsync(app))),
            new("POST", "/api/v1/agreements/{id}/commitments", "pk.liaison", () => new JsonObject
                {
                    ["obligorSide"] = "PK", ["text"] = "Resume transit trucks.", ["dueOn"] = "2026-12-05",
                    ["metric"] = new JsonObject { ["kind"] = "trucks-through", ["crossingId"] = "torkham", ["direction"] = "PK-AF", ["target"] = 250, ["measuredFrom"] = "2026-11-20" },
                },
                Id(app => Registers.AgreementAsync(app)), Headers: Idempotent),
            new("GET", "/api/v1/commitments", "pk.liaison", Query: new() { ["side"] = "PK", ["status"] = "open", ["agreement"] = RandomId, ["after"] = TimeCursor, ["limit"] = "10" }),
            new("GET", "/api/v1/commitments/{id}", "pk.liaison", Subject: Id(app => Registers.CommitmentAsync(app))),
            new("POST", "/api/v1/commitments/{id}/reports", "pk.liaison", () => new JsonObject { ["status"] = "on-track", ["evidence"] = "Trucks cleared." },
                Id(app => Registers.CommitmentAsync(app)), Headers: Idempotent, UsesUpSubject: true),
            new("POST", "/api/v1/commitments/{id}/disputes", "af.liaison", () => new JsonObject { ["statement"] = "Not cleared." },
                Id(app => Registers.CommitmentAsync(app)), Headers: Idempotent, UsesUpSubject: true),
        ]),
        ("measured commitments", [
            new("GET", "/api/v1/commitments/{id}/evaluations", "pk.liaison", Subject: Id(app => Registers.MeasuredCommitmentAsync(app)),
                Query: new() { ["from"] = "2026-11-26", ["to"] = "2026-11-27" }),
            new("GET", "/api/v1/commitments/{id}/evaluations/{day}", "pk.liaison", Subject: Evaluation),
            new("POST", "/api/v1/commitments/{id}/evaluations/{day}/disputes", "af.liaison", () => new JsonObject { ["statement"] = "The gate records were entered late." },
                Evaluation, Headers: Idempotent, UsesUpSubject: true),
        ]),
        ("daily reports", [
            new("GET", "/api/v1/crossings/{id}/reports/{day}", "pk.officer.torkham", Subject: Fixed(new() { ["id"] = "torkham", ["day"] = "2026-11-27" })),
            new("GET", "/api/v1/crossings/{id}/reports/{day}.pdf", "af.liaison", Subject: Fixed(new() { ["id"] = "torkham", ["day"] = "2026-11-27" }),
                Query: new() { ["language"] = "ps" }),
            // The valid body signs the head the report stands at, read when the subject is made; a side signs once.
            new("POST", "/api/v1/crossings/{id}/reports/{day}/countersignatures", "pk.liaison", () => new JsonObject { ["headHash"] = _reportHead },
                async app =>
                {
                    _reportHead = await Registers.ReportHeadAsync(app);
                    return new() { ["id"] = "torkham", ["day"] = "2026-11-27" };
                }, Headers: Idempotent, UsesUpSubject: true, ReadBack: false),
        ]),
        ("audit and webhooks", [
            new("GET", "/api/v1/audit", "pk.liaison", Query: new() { ["after"] = "0", ["limit"] = "10" }),
            // The secret is never shown again; the subscription has no GET of its own, so its Location is not read back.
            new("POST", "/api/v1/webhooks", "pk.liaison", () => new JsonObject { ["url"] = "http://127.0.0.1:9/hook", ["events"] = new JsonArray("notice"), ["secret"] = "0123456789abcdef-corpus" },
                Headers: Idempotent, NotEchoed: ["secret"], ReadBack: false),
            new("DELETE", "/api/v1/webhooks/{id}", "pk.liaison", Subject: Id(Webhook), UsesUpSubject: true),
            new("GET", "/api/v1/webhooks/{id}/deliveries", "pk.liaison", Subject: Id(Webhook), Query: new() { ["after"] = TimeCursor, ["limit"] = "10" }),
        ]),
        ("exports", [
            new("GET", "/api/v1/crossings/{id}/exports/{kind}.csv", "pk.liaison", Subject: Fixed(new() { ["id"] = "torkham", ["kind"] = "trucks" }),
                Query: new() { ["from"] = "2026-11-01", ["to"] = "2026-11-28", ["status"] = "crossed" }),
        ]),
        ("lists", [
            new("GET", "/api/v1/meetings", null, Query: new() { ["after"] = Khyber.Api.Infrastructure.Paging.Cursor(new Khyber.Api.Infrastructure.DayKey(new DateOnly(2026, 11, 28), KhyberFactory.Start, Guid.Empty)), ["limit"] = "10" }),
            new("GET", "/api/v1/agreements", "pk.liaison", Query: new() { ["after"] = Khyber.Api.Infrastructure.Paging.Cursor(new Khyber.Api.Infrastructure.DayKey(new DateOnly(2026, 11, 28), KhyberFactory.Start, Guid.Empty)), ["limit"] = "10" }),
            new("GET", "/api/v1/webhooks", "pk.liaison", Query: new() { ["after"] = TimeCursor, ["limit"] = "10" }),
        ]),
        ("sms and tracking", [
            // Kannel's callbacks: a driver's text and a delivery report, each with the shared secret.
            new("GET", "/api/v1/sms/inbound", null, Query: new()
            {
                ["secret"] = KhyberFactory.SmsSecret, ["from"] = "+93701234567", ["text"] = "status", ["id"] = "corpus-1", ["coding"] = "0",
            }),
            new("GET", "/api/v1/sms/messages/{id}/delivery-reports", null, Subject: Id(TextMessage),
                Query: new() { ["secret"] = KhyberFactory.SmsSecret, ["status"] = "8", ["answer"] = "ACK/" }),
            new("GET", "/api/v1/track/{code}", null, Subject: TrackingCode),
        ]),
        ("forecasts", [
            new("POST", "/api/v1/forecasts", "pk.liaison", () => new JsonObject
            {
                ["crossingId"] = "torkham",
                ["direction"] = "PK-AF",
                ["closure"] = new JsonObject { ["hours"] = 12 },
                ["horizonHours"] = 24,
                ["replications"] = 2,
                ["policy"] = "fifo",
                ["alternatives"] = new JsonArray(new JsonObject { ["name"] = "five lanes", ["lanes"] = 5, ["hours24"] = false, ["closureHours"] = 6, ["letThrough"] = new JsonArray("perishable") }),
                ["calibrate"] = true,
            }),
            new("GET", "/api/v1/forecasts/accuracy", "pk.liaison", Query: new() { ["crossingId"] = "torkham" }),
        ]),
    ];

    // ------------------------------------------------------------------ subjects

    /// <summary>A new session of pk.liaison's, by a sign-in of its own.</summary>
    private static async Task<Dictionary<string, string>> LiaisonSession(TestApp app) =>
        new() { ["sessionId"] = (await (await app.RequestToken("pk.liaison", TestDatabase.Password)).Json(HttpStatusCode.OK)).GetProperty("sessionId").GetString()! };

    /// <summary>A new officer account, opened by the system administrator.</summary>
    private static async Task<Dictionary<string, string>> Account(TestApp app)
    {
        var admin = await app.As("admin");
        var created = await (await admin.Post("/api/v1/admin/users", new UserBuilder().Build())).Json(HttpStatusCode.Created);
        return new() { ["username"] = created.GetProperty("user").GetProperty("username").GetString()! };
    }

    /// <summary>A pending application, under a registration number of its own (approving it registers the company).</summary>
    private static async Task<Guid> CarrierApplication(TestApp app)
    {
        var body = CompanyBuilder.Application(registration: $"ACBR-{Guid.NewGuid():N}"[..20]);
        return (await (await app.Anonymous().Post("/api/v1/carrier-applications", body)).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> AfNotice(TestApp app)
    {
        var officer = await app.As("af.officer.torkham");
        var notice = await (await officer.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().State("restricted").Build())).Json(HttpStatusCode.Created);
        return notice.GetProperty("id").GetGuid();
    }

    private static async Task<Guid> Truck(TestApp app, bool arrive)
    {
        var carrier = await app.As("carrier.demo");
        var truck = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        var id = truck.GetProperty("id").GetGuid();
        if (arrive)
        {
            await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        }
        return id;
    }

    private static async Task<Guid> CalledTruck(TestApp app, bool exited)
    {
        var id = await Truck(app, arrive: true);
        var pk = await app.As("pk.officer.torkham");
        var called = await (await pk.Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 50 })).Json(HttpStatusCode.OK);
        Assert.Contains(called.EnumerateArray(), t => t.GetProperty("id").GetGuid() == id);
        if (exited)
        {
            await (await pk.Post($"/api/v1/trucks/{id}/exit", null)).Json(HttpStatusCode.OK);
        }
        return id;
    }

    /// <summary>The head hash the countersignature's valid body signs.</summary>
    private static string _reportHead = "";

    /// <summary>A measured commitment and its evaluated day, 27 November 2026.</summary>
    private static async Task<Dictionary<string, string>> Evaluation(TestApp app) =>
        new() { ["id"] = (await Registers.MeasuredCommitmentAsync(app, obligor: "PK")).ToString(), ["day"] = "2026-11-27" };

    private static async Task<Guid> TextMessage(TestApp app)
    {
        var carrier = await app.As("carrier.demo");
        var truck = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Phone("+93 70 765 4321").Build())).Json(HttpStatusCode.Created);
        var id = truck.GetProperty("id").GetGuid();
        return await app.Db(db => db.SmsMessages.Where(m => m.TruckId == id).Select(m => m.Id).SingleAsync());
    }

    private static async Task<Dictionary<string, string>> TrackingCode(TestApp app)
    {
        var carrier = await app.As("carrier.demo");
        var truck = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        return new() { ["code"] = truck.GetProperty("trackingCode").GetString()! };
    }

    private static async Task<Guid> Meeting(TestApp app)
    {
        var liaison = await app.As("pk.liaison");
        return (await (await liaison.Post("/api/v1/meetings", MeetingBuilder.Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> Webhook(TestApp app)
    {
        var liaison = await app.As("pk.liaison");
        var body = new { url = "http://127.0.0.1:9/hook", events = new[] { "notice" }, secret = "0123456789abcdef-corpus" };
        return (await (await liaison.Post("/api/v1/webhooks", body)).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    // ------------------------------------------------------------------ the tests

    [Fact]
    public async Task Every_endpoint_that_takes_input_survives_the_whole_corpus_without_a_5xx_a_bare_error_or_a_stray_write()
    {
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        var counts = new int[Table.Length];
        using var gate = new SemaphoreSlim(3);
        await Task.WhenAll(Table.Select(async (group, i) =>
        {
            await gate.WaitAsync();
            try
            {
                await using var app = await TestApp.StartAsync();
                var run = new Run(app, failures);
                foreach (var endpoint in group.Endpoints)
                {
                    await run.SweepAsync(endpoint);
                }
                counts[i] = run.Requests;
            }
            finally
            {
                gate.Release();
            }
        }));

        var summary = $"Bad-input corpus: {counts.Sum()} requests over {Table.Sum(g => g.Endpoints.Length)} endpoints ({TestDatabase.Provider}, {clock.Elapsed.TotalSeconds:F1} s)";
        output.WriteLine(summary);
        failures.ForEach(output.WriteLine);
        Console.WriteLine(summary);
        Assert.True(failures.Count == 0, $"{failures.Count} answers broke the rules:\n{string.Join("\n", failures.Take(60))}");
    }

    [Fact]
    public async Task The_corpus_table_covers_every_api_route_that_writes_or_takes_parameters()
    {
        await using var app = await TestApp.StartAsync();
        var covered = Table.SelectMany(g => g.Endpoints).ToDictionary(e => e.Name);
        var missing = new List<string>();
        foreach (var endpoint in app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = Template(endpoint.RoutePattern.RawText ?? "");
            if (!route.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }
            var query = QueryParameters(endpoint).ToList();
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                var takesInput = method != "GET" || endpoint.RoutePattern.Parameters.Count > 0 || query.Count > 0;
                if (!takesInput)
                {
                    continue;
                }
                if (!covered.TryGetValue($"{method} {route}", out var entry))
                {
                    missing.Add($"{method} {route}");
                    continue;
                }
                missing.AddRange(query.Where(q => entry.Query?.ContainsKey(q) != true).Select(q => $"{method} {route} ?{q}="));
                missing.AddRange(endpoint.RoutePattern.Parameters.Select(p => p.Name).Where(p => entry.Subject is null).Select(p => $"{method} {route} {{{p}}} has no subject"));
            }
        }
        Assert.True(missing.Count == 0, $"Not in the bad-input corpus table: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task A_page_form_posted_without_its_antiforgery_token_is_refused_with_a_400_and_writes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var pages = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + Template(e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Distinct()
            .ToList();
        var tried = 0;
        foreach (var page in pages)
        {
            // Signed in with the page's own role, so that authorization lets the post through to the antiforgery check.
            var user = page.StartsWith("/carrier", StringComparison.Ordinal) ? "carrier.demo"
                : page.StartsWith("/admin", StringComparison.Ordinal) ? "admin"
                : page.StartsWith("/officer", StringComparison.Ordinal) ? "pk.officer.torkham"
                : page.StartsWith("/liaison", StringComparison.Ordinal) ? "pk.liaison"
                : page.StartsWith("/account/sessions", StringComparison.Ordinal) ? "pk.liaison"
                : page.StartsWith("/account/second-factor", StringComparison.Ordinal) ? "pk.liaison"
                : page.StartsWith("/admin", StringComparison.Ordinal) ? "admin"
                : null;
            var client = user is null ? app.Anonymous() : await PageSession(app, user);
            foreach (var handler in new[] { "", "register", "arrival", "cancel", "call", "exit", "entry", "reject", "notice", "incident", "acknowledge", "respond", "report", "dispute", "forecast", "create", "disable", "enable", "unlock", "reset", "approve", "reject", "end", "everywhere", "begin", "confirm", "remove", "resetsecondfactor", "code" })
            {
                var before = await Snapshot.Of(app);
                var form = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["username"] = "pk.liaison", ["password"] = TestDatabase.Password, ["count"] = "1", ["truck"] = Guid.NewGuid().ToString(),
                    ["reason"] = "<script>alert(1)</script>", ["notice.gateState"] = "closed", ["statement"] = "گل",
                });
                var url = handler.Length == 0 ? page : $"{page}?handler={handler}";
                using var response = await client.PostAsync(url, form);
                tried++;
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {url} as {user ?? "anonymous"} without an antiforgery token: {(int)response.StatusCode}");
                Assert.Equal(before, await Snapshot.Of(app));
            }
        }
        Assert.True(tried > 0, "no pages found");
        output.WriteLine($"{tried} page posts without a token over {pages.Count} pages");
    }

    /// <summary>A cookie session for the pages, signed in through the login form with its token.</summary>
    private static async Task<HttpClient> PageSession(TestApp app, string user)
    {
        var client = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(form).Groups["token"].Value;
        Assert.False(string.IsNullOrEmpty(token), "the login form has no antiforgery token");
        using var login = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = user, ["password"] = TestDatabase.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.True(login.StatusCode == HttpStatusCode.Redirect, $"page sign-in as {user}: {(int)login.StatusCode}");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"\{(?<name>[^}:?=*]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    /// <summary>"/api/v1/trucks/{id:guid}/" → "/api/v1/trucks/{id}".</summary>
    private static string Template(string raw)
    {
        var route = RouteParameter().Replace(raw, m => "{" + m.Groups["name"].Value + "}");
        return route.Length > 1 ? route.TrimEnd('/') : route;
    }

    /// <summary>The handler's parameters that bind from the query string: simple values that are not route values.</summary>
    private static IEnumerable<string> QueryParameters(RouteEndpoint endpoint)
    {
        var method = endpoint.Metadata.GetMetadata<MethodInfo>();
        if (method is null)
        {
            yield break;
        }
        var route = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var p in method.GetParameters())
        {
            var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
            var simple = type == typeof(string) || type.IsPrimitive || type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(decimal);
            if (simple && p.Name is { } name && !route.Contains(name))
            {
                yield return name;
            }
        }
    }

    // ------------------------------------------------------------------ the sweep

    /// <summary>One way of spoiling the valid request.</summary>
    private sealed record Mutation(
        string What,
        (string Name, string Value)? Route = null,
        (string Name, string? Value)? Query = null,
        (string Name, string Value)? Header = null,
        Func<JsonObject, (string? Type, byte[] Bytes)>? Body = null,
        string? Echo = null,
        bool MustSucceed = false);

    private const string Placeholder = "__corpus_value__";

    /// <summary>Runs the mutations of one endpoint after another on one application, and keeps what broke the rules.</summary>
    private sealed class Run(TestApp app, List<string> failures)
    {
        private readonly Dictionary<string, HttpClient> _clients = [];
        private Dictionary<string, string>? _subject;
        private Snapshot? _last;

        public int Requests { get; private set; }

        public async Task SweepAsync(Endpoint e)
        {
            _subject = null;
            _last = await Snapshot.Of(app);
            await SendAsync(e, new Mutation("the valid request", MustSucceed: true));

            foreach (var name in (await SubjectAsync(e)).Keys.ToList())
            {
                foreach (var (what, value) in UrlValues)
                {
                    await SendAsync(e, new Mutation($"route {{{name}}} = {what}", Route: (name, value)));
                }
            }
            foreach (var name in e.Query?.Keys.ToList() ?? [])
            {
                foreach (var (what, value) in UrlValues.Append(("NUL", "\u0000")))
                {
                    await SendAsync(e, new Mutation($"?{name} = {what}", Query: (name, value)));
                }
                await SendAsync(e, new Mutation($"?{name} twice", Query: (name, null)));
            }
            await SendAsync(e, new Mutation("an unknown query parameter", Query: ("corpusExtra", "'; DROP TABLE \"Trucks\"; --")));

            foreach (var (header, what, value) in HeaderValues)
            {
                if (header is "Authorization" or "Accept" or "Accept-Language" || e.Headers?.Contains(header) == true)
                {
                    await SendAsync(e, new Mutation($"{header}: {what}", Header: (header, value)));
                }
            }

            if (e.Body is null)
            {
                return;
            }
            var template = e.Body();
            foreach (var path in Paths(template, []))
            {
                var field = Display(path);
                var leaf = Navigate(template, path);
                var text = leaf is JsonValue v && v.TryGetValue<string>(out var s) && !LooksLikeATime(s) && e.NotEchoed?.Contains(field) != true;
                foreach (var sample in Values)
                {
                    await SendAsync(e, new Mutation($"{field} = {sample.Name}", Body: b => Json(Substitute(b, path, sample.Json)), Echo: text ? sample.Text : null));
                }
                await SendAsync(e, new Mutation($"{field} missing", Body: b =>
                {
                    Remove(b, path);
                    return Json(b.ToJsonString());
                }));
            }
            foreach (var path in Paths(template, []).Where(p => Navigate(template, p) is JsonObject).Prepend([]))
            {
                await SendAsync(e, new Mutation($"an extra field in {(path.Length == 0 ? "the body" : Display(path))}", Body: b =>
                {
                    ((JsonObject)Navigate(b, path)!)["corpusExtra"] = "x";
                    return Json(b.ToJsonString());
                }));
            }
            foreach (var (what, type, bytes) in Bodies)
            {
                await SendAsync(e, new Mutation($"body: {what}", Body: b => (type, bytes(b.ToJsonString()))));
            }
        }

        private static (string?, byte[]) Json(string text) => ("application/json", Utf8(text));

        private async Task<Dictionary<string, string>> SubjectAsync(Endpoint e)
        {
            if (_subject is null)
            {
                _subject = e.Subject is null ? [] : await e.Subject(app);
                _last = await Snapshot.Of(app);
            }
            return _subject;
        }

        private async Task<HttpClient> ClientAsync(string? user)
        {
            var key = user ?? "";
            if (!_clients.TryGetValue(key, out var client))
            {
                client = user is null ? app.Anonymous() : await app.As(user);
                _clients[key] = client;
            }
            return client;
        }

        private async Task SendAsync(Endpoint e, Mutation m)
        {
            var values = new Dictionary<string, string>(await SubjectAsync(e));
            if (m.Route is { } r)
            {
                values[r.Name] = r.Value;
            }
            var url = values.Aggregate(e.Route, (route, v) => route.Replace("{" + v.Key + "}", Uri.EscapeDataString(v.Value), StringComparison.Ordinal));
            var query = e.Query?.Select(q => (q.Key, q.Value)).ToList() ?? [];
            if (m.Query is { } q)
            {
                if (q.Value is null)
                {
                    query.Add((q.Name, e.Query![q.Name]));
                }
                else
                {
                    query.RemoveAll(x => x.Key == q.Name);
                    query.Add((q.Name, q.Value));
                }
            }
            if (query.Count > 0)
            {
                url += "?" + string.Join("&", query.Select(x => $"{Uri.EscapeDataString(x.Key)}={Uri.EscapeDataString(x.Value)}"));
            }

            var where = $"{e.Name} [{m.What}]";
            using var request = new HttpRequestMessage(new HttpMethod(e.Method), url);
            if (e.Body is not null)
            {
                var (type, bytes) = (m.Body ?? (b => Json(b.ToJsonString())))(e.Body());
                request.Content = new ByteArrayContent(bytes);
                if (type is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
                }
            }
            if (e.Headers?.Contains("Idempotency-Key") == true && m.Header?.Name != "Idempotency-Key")
            {
                request.Headers.Add("Idempotency-Key", $"corpus-{Guid.NewGuid():N}");
            }
            // A spoilt Authorization header goes out alone, not beside the signed-in client's own token.
            var client = await ClientAsync(m.Header?.Name == "Authorization" ? null : e.User);
            if (m.Header is { } h)
            {
                Assert.True(request.Headers.TryAddWithoutValidation(h.Name, h.Value), $"{where}: the client would not send the header");
            }

            Requests++;
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                Fail($"{where}: the server threw {ex.GetType().Name}: {ex.Message}");
                _last = await Snapshot.Of(app);
                return;
            }
            using (response)
            {
                await CheckAsync(e, m, where, response, client);
            }
        }

        private async Task CheckAsync(Endpoint e, Mutation m, string where, HttpResponseMessage response, HttpClient client)
        {
            var status = (int)response.StatusCode;
            var type = response.Content.Headers.ContentType?.MediaType;
            if (m.MustSucceed && (e.ValidStatus == 0 ? status is < 200 or > 299 : status != e.ValidStatus))
            {
                Fail($"{where}: the valid request was not accepted ({status}); the table is wrong: {Short(await response.Content.ReadAsStringAsync())}");
            }
            if (e.Stream && status == 200)
            {
                // The stream never ends: its headers are the answer.
                if (type != "text/event-stream")
                {
                    Fail($"{where}: 200 with {type}, not an event stream");
                }
                _last = await Snapshot.Of(app);
                return;
            }
            var text = await response.Content.ReadAsStringAsync();
            if (status >= 500)
            {
                Fail($"{where}: {status} {Short(text)}");
            }
            else if (status >= 400)
            {
                // A query value refused as bad input is named in the problem (it, or the parameter it contradicts, such as from after to).
                var named = m.Query is { } q && q.Name != "corpusExtra" && status is 400 or 422 ? e.Query!.Keys.ToArray() : null;
                CheckProblem(where, status, type, text, named);
                var after = await Snapshot.Of(app);
                if (after != _last)
                {
                    Fail($"{where}: refused with {status} but something was written: {_last} → {after}");
                }
                _last = after;
                return;
            }
            else if (status >= 300)
            {
                Fail($"{where}: an API answered with a redirect {status} to {response.Headers.Location}");
            }
            else if (m.Echo is { } echo)
            {
                if (!Strings(where, text).Contains(echo))
                {
                    Fail($"{where}: accepted ({status}) but the text does not come back exactly: {Short(text)}");
                }
                else if (e.ReadBack && response.Headers.Location is { } location)
                {
                    using var stored = await client.GetAsync(location);
                    var storedText = await stored.Content.ReadAsStringAsync();
                    if (stored.StatusCode != HttpStatusCode.OK || !Strings(where, storedText).Contains(echo))
                    {
                        Fail($"{where}: accepted, but GET {location} does not give the text back exactly: {(int)stored.StatusCode} {Short(storedText)}");
                    }
                }
            }
            if (status is >= 200 and < 300 && e.UsesUpSubject && m.Route is null)
            {
                _subject = null;
            }
            _last = await Snapshot.Of(app);
        }

        private void CheckProblem(string where, int status, string? type, string text, string[]? fields)
        {
            if (type != "application/problem+json")
            {
                Fail($"{where}: {status} answered with '{type}', not application/problem+json: {Short(text)}");
                return;
            }
            try
            {
                using var problem = JsonDocument.Parse(text);
                if (!problem.RootElement.TryGetProperty("status", out var s) || s.GetInt32() != status)
                {
                    Fail($"{where}: the problem's status is not {status}: {Short(text)}");
                }
                if (fields is not null && !(problem.RootElement.TryGetProperty("errors", out var errors) && fields.Any(f => errors.TryGetProperty(f, out _))))
                {
                    Fail($"{where}: the problem names none of the query parameters: {Short(text)}");
                }
            }
            catch (JsonException)
            {
                Fail($"{where}: {status} problem that is not JSON: {Short(text)}");
            }
            foreach (var inside in new[] { "Khyber.", "System.", "Microsoft.", "Npgsql", "SQLite", "   at " })
            {
                if (text.Contains(inside, StringComparison.Ordinal))
                {
                    Fail($"{where}: the problem shows the server's internals ('{inside}'): {Short(text)}");
                }
            }
        }

        private HashSet<string> Strings(string where, string json)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                Collect(JsonNode.Parse(json), found);
            }
            catch (JsonException)
            {
                Fail($"{where}: a success whose body is not JSON: {Short(json)}");
            }
            return found;
        }

        private static void Collect(JsonNode? node, HashSet<string> found)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        Collect(child, found);
                    }
                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Collect(child, found);
                    }
                    break;
                case JsonValue v when v.TryGetValue<string>(out var s):
                    found.Add(s);
                    break;
            }
        }

        private void Fail(string message)
        {
            lock (failures)
            {
                failures.Add(message);
            }
        }

        private static string Short(string text) => text.Length > 400 ? text[..400] + "…" : text;
    }

    // ------------------------------------------------------------------ JSON paths

    /// <summary>Every node below <paramref name="node"/>, objects and arrays included, as paths of names and indexes.</summary>
    private static IEnumerable<object[]> Paths(JsonNode node, object[] prefix)
    {
        var children = node switch
        {
            JsonObject o => o.Select(p => ((object)p.Key, p.Value)).ToList(),
            JsonArray a => a.Select((child, i) => ((object)i, child)).ToList(),
            _ => [],
        };
        foreach (var (key, child) in children)
        {
            object[] path = [.. prefix, key];
            yield return path;
            if (child is not null)
            {
                foreach (var below in Paths(child, path))
                {
                    yield return below;
                }
            }
        }
    }

    private static JsonNode? Navigate(JsonNode node, object[] path) =>
        path.Aggregate((JsonNode?)node, (n, key) => key is int i ? n!.AsArray()[i] : n!.AsObject()[(string)key]);

    private static string Display(object[] path) =>
        string.Concat(path.Select((key, i) => key is int n ? $"[{n}]" : i == 0 ? (string)key : "." + key));

    private static string Substitute(JsonObject body, object[] path, string json)
    {
        var parent = Navigate(body, path[..^1])!;
        if (path[^1] is int i)
        {
            parent.AsArray()[i] = Placeholder;
        }
        else
        {
            parent.AsObject()[(string)path[^1]] = Placeholder;
        }
        return body.ToJsonString().Replace($"\"{Placeholder}\"", json, StringComparison.Ordinal);
    }

    private static void Remove(JsonObject body, object[] path)
    {
        var parent = Navigate(body, path[..^1])!;
        if (path[^1] is int i)
        {
            parent.AsArray().RemoveAt(i);
        }
        else
        {
            parent.AsObject().Remove((string)path[^1]);
        }
    }

    /// <summary>Times and days are read, not kept as text, so they come back in the contract's own form.</summary>
    private static bool LooksLikeATime(string text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);

    /// <summary>Everything a refused request must leave as it was: the bad-input tests' <see cref="Stored"/>, the audit log, the outbox and the webhooks.</summary>
    private sealed record Snapshot(Stored Stored, int Audit, int Outbox, int Webhooks, int ActiveWebhooks, int Texts)
    {
        public static async Task<Snapshot> Of(TestApp app)
        {
            var stored = await Stored.Of(app);
            return await app.Db(async db => new Snapshot(
                stored,
                await db.AuditEntries.CountAsync(),
                await db.OutboxMessages.CountAsync(),
                await db.WebhookSubscriptions.CountAsync(),
                await db.WebhookSubscriptions.CountAsync(w => w.Active),
                await db.SmsMessages.CountAsync()));
        }
    }
}
