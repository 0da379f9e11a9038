using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Khyber.Api.Tests.Support;

/// <summary>
/// A week of operations at Torkham with known counts, built through the API as the officers, liaisons and carriers would:
/// Monday 22 to Sunday 28 March 2027, with the Afghan side's clock set (for the test) to Europe/Bucharest, which springs
/// forward on the Sunday (01:00 UTC: 03:00 EET becomes 04:00 EEST, a 23-hour day). Pakistan keeps Asia/Karachi. Both
/// gates work round the clock. Eight measured commitments, four of each side, are measured from the Monday.
/// </summary>
/// <remarks>
/// What happens, in UTC (the counts each metric must give are in <c>MeasuredCommitmentTests</c>):
/// <list type="bullet">
/// <item>every day at 15:00 Pakistan lets trucks out to Afghanistan (3, 2, 2, 1, 2, 2, 2) and at 16:00 Afghanistan lets
/// trucks out to Pakistan (2, 2, 1, 2, 2, 2, 2), each entering the other side 20 minutes later — except one truck of each
/// direction on Tuesday, which enters only on Wednesday morning; on Saturday at 21:30 one more Afghan exit (23:30 in
/// Bucharest, 02:50 Sunday in Karachi when it enters), and on Sunday at 21:30 another (00:30 Monday in Bucharest, on
/// summer time by then);</item>
/// <item>Tuesday: Pakistan gives notice at 06:00 of a restriction from Thursday 06:00 and at 12:00 of its lifting on Thursday
/// 12:00; Afghanistan acknowledges the first after 20 minutes and the second after two hours;</item>
/// <item>Wednesday: Afghanistan closes its gate at 08:00 (emergency) and announces its reopening at 14:00; Pakistan
/// acknowledges after 30 minutes and two hours;</item>
/// <item>Thursday: Pakistan logs an incident at 08:00, answered by Afghanistan at 14:00;</item>
/// <item>Friday: Pakistan closes at 09:00 (emergency) and reopens at 11:00 with two hours' notice; Afghanistan acknowledges the
/// closure after 10 minutes and never the reopening; two perishable trucks waiting to leave Afghanistan spoil at 14:00;</item>
/// <item>Saturday: Pakistan logs an incident at 09:00, answered by Afghanistan on Sunday at 06:00.</item>
/// </list>
/// Commitments are measured on Thursday 01:00 (Monday to Wednesday), on Sunday at 20:59 (to Saturday: Sunday is not over
/// in Bucharest until 21:00) and at 21:00 (Sunday).
/// </remarks>
public sealed class MeasuredWeek
{
    public static readonly DateOnly Monday = new(2027, 3, 22);

    private readonly TestApp _app;

    private MeasuredWeek(TestApp app) => _app = app;

    /// <summary>The commitments by name: pk-trucks, pk-warning, pk-acks, pk-spoiled, af-hours, af-trucks, af-acks, af-incidents.</summary>
    public Dictionary<string, Guid> Commitments { get; } = [];

    public static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string Day(int offset) => Monday.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private void Go(int dayOffset, string time) => _app.Time.SetUtcNow(At($"{Day(dayOffset)}T{time}:00Z"));

    /// <summary>Builds the week on the application's database; the clock ends on Monday 29 March at 06:00 UTC.</summary>
    public static async Task<MeasuredWeek> BuildAsync(TestApp app)
    {
        var week = new MeasuredWeek(app);
        await week.SetUpAsync();
        await week.RunAsync();
        return week;
    }

    private async Task SetUpAsync()
    {
        Go(-1, "12:00");
        var admin = await _app.As("admin");
        var settings = Crossings.CrossingAdministrationTests.NewCrossing(pkZone: "Asia/Karachi", afZone: "Europe/Bucharest");
        settings.Remove("id");
        settings["name"] = "Torkham";
        foreach (var side in settings["sides"]!.AsArray())
        {
            side!.AsObject().Remove("opensAt");
            side.AsObject().Remove("closesAt");
            side["roundTheClock"] = true;
        }
        using var put = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/v1/admin/crossings/torkham")
        {
            Content = new StringContent(settings.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        });
        await put.Json(HttpStatusCode.OK);

        var pk = await _app.As("pk.liaison");
        var agreement = (await (await pk.Post("/api/v1/agreements", new { title = "Torkham measured arrangements" })).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        async Task Add(string name, string obligor, string text, object metric)
        {
            var body = new JsonObject { ["obligorSide"] = obligor, ["text"] = text, ["metric"] = Http.Node(metric) };
            var created = await (await pk.Post($"/api/v1/agreements/{agreement}/commitments", body)).Json(HttpStatusCode.Created);
            Commitments[name] = created.GetProperty("id").GetGuid();
        }
        var from = Day(0);
        await Add("pk-trucks", "PK", "Let at least two trucks a day out to Afghanistan.", new { kind = "trucks-through", crossingId = "torkham", direction = "PK-AF", target = 2, measuredFrom = from });
        await Add("pk-warning", "PK", "Give a day's warning of nine in ten planned notices.", new { kind = "notice-warning", crossingId = "torkham", target = 0.9, warningHours = 24, measuredFrom = from });
        await Add("pk-acks", "PK", "Acknowledge every Afghan notice within the hour.", new { kind = "notices-acknowledged", crossingId = "torkham", target = 1, withinMinutes = 60, measuredFrom = from });
        await Add("pk-spoiled", "PK", "Let no more than one perishable truck spoil in a week.", new { kind = "perishables-spoiled", crossingId = "torkham", target = 1, measuredFrom = from });
        await Add("af-hours", "AF", "Keep the Afghan gate open round the clock.", new { kind = "hours-open", crossingId = "torkham", target = 24, measuredFrom = from });
        await Add("af-trucks", "AF", "Let at least two trucks a day out to Pakistan.", new { kind = "trucks-through", crossingId = "torkham", direction = "AF-PK", target = 2, measuredFrom = from });
        await Add("af-acks", "AF", "Acknowledge every Pakistani notice within the hour.", new { kind = "notices-acknowledged", crossingId = "torkham", target = 1, withinMinutes = 60, measuredFrom = from });
        await Add("af-incidents", "AF", "Answer every Pakistani incident report within twelve hours.", new { kind = "incidents-answered", crossingId = "torkham", target = 1, withinHours = 12, measuredFrom = from });
    }

    private async Task RunAsync()
    {
        int[] pkToAf = [3, 2, 2, 1, 2, 2, 2];
        int[] afToPk = [2, 2, 1, 2, 2, 2, 2];
        var held = new List<(Guid Truck, string Officer)>();
        for (var d = 0; d < 7; d++)
        {
            switch (d)
            {
                case 1:
                    Go(d, "06:00");
                    var restriction = await NoticeAsync("pk.liaison", new NoticeBuilder().State("restricted").Directions("PK-AF").From(At($"{Day(3)}T06:00:00Z"), emergency: false));
                    Go(d, "06:20");
                    await AcknowledgeAsync("af.liaison", restriction);
                    Go(d, "12:00");
                    var lifting = await NoticeAsync("pk.liaison", new NoticeBuilder().State("open").Directions("PK-AF").From(At($"{Day(3)}T12:00:00Z"), emergency: false));
                    Go(d, "14:00");
                    await AcknowledgeAsync("af.liaison", lifting);
                    break;
                case 2:
                    Go(d, "05:00");
                    foreach (var (truck, officer) in held)
                    {
                        await StepAsync(officer, truck, "entry");
                        Go(d, "05:10");
                    }
                    Go(d, "08:00");
                    var closure = await NoticeAsync("af.liaison", new NoticeBuilder().From(At($"{Day(d)}T08:00:00Z"), emergency: true));
                    var reopening = await NoticeAsync("af.liaison", new NoticeBuilder().State("open").From(At($"{Day(d)}T14:00:00Z"), emergency: false));
                    Go(d, "08:30");
                    await AcknowledgeAsync("pk.liaison", closure);
                    Go(d, "10:00");
                    await AcknowledgeAsync("pk.liaison", reopening);
                    break;
                case 3:
                    // Monday to Wednesday are over on both clocks: measured now.
                    Go(d, "01:00");
                    await _app.EvaluateAsync();
                    Go(d, "08:00");
                    var first = await Registers.IncidentAsync(_app);
                    Go(d, "14:00");
                    await AnswerAsync(first);
                    break;
                case 4:
                    Go(d, "09:00");
                    var pkClosure = await NoticeAsync("pk.liaison", new NoticeBuilder().From(At($"{Day(d)}T09:00:00Z"), emergency: true));
                    await NoticeAsync("pk.liaison", new NoticeBuilder().State("open").From(At($"{Day(d)}T11:00:00Z"), emergency: false));
                    Go(d, "09:10");
                    await AcknowledgeAsync("af.liaison", pkClosure);
                    Go(d, "12:00");
                    var carrier = await _app.As("carrier.demo");
                    for (var i = 0; i < 2; i++)
                    {
                        var perishable = new TruckBuilder().At("torkham", "AF-PK").Perishable(At($"{Day(d)}T13:00:00Z")).Build();
                        var id = (await (await carrier.Post("/api/v1/trucks", perishable)).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
                        await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
                    }
                    Go(d, "14:00");
                    await _app.TickAsync();
                    break;
                case 5:
                    Go(d, "09:00");
                    _secondIncident = await Registers.IncidentAsync(_app);
                    break;
                case 6:
                    Go(d, "06:00");
                    await AnswerAsync(_secondIncident);
                    break;
            }

            held.Clear();
            var pkHeld = await CrossAsync("PK-AF", pkToAf[d], d, "14:30", hold: d == 1);
            held.AddRange(pkHeld.Select(t => (t, "af.officer.torkham")));
            var afHeld = await CrossAsync("AF-PK", afToPk[d], d, "15:30", hold: d == 1);
            held.AddRange(afHeld.Select(t => (t, "pk.officer.torkham")));

            if (d == 5)
            {
                await CrossAsync("AF-PK", 1, d, "21:00", hold: false);
            }
            if (d == 6)
            {
                // Sunday is over in Karachi at 19:00 UTC, in Bucharest (on summer time since 01:00) only at 21:00.
                Go(d, "20:59");
                await _app.EvaluateAsync();
                EvaluatedBeforeSundayWasOver = await _app.Db(db => Task.FromResult(db.CommitmentEvaluations.Count(e => e.Day == Monday.AddDays(6))));
                Go(d, "21:00");
                await _app.EvaluateAsync();
                await CrossAsync("AF-PK", 1, d, "21:00", hold: false);
            }
        }
        _app.Time.SetUtcNow(At("2027-03-29T06:00:00Z"));
    }

    private Guid _secondIncident;

    /// <summary>How many of Sunday's evaluations existed at 20:59 UTC, before Sunday was over in Bucharest.</summary>
    public int EvaluatedBeforeSundayWasOver { get; private set; }

    /// <summary>
    /// Registers and checks in <paramref name="count"/> trucks at <paramref name="start"/>, has the departing officer call them
    /// 20 minutes later and let them out after 30, and the arriving officer take them in 20 minutes after that; with
    /// <paramref name="hold"/>, the last is not taken in (returned, to be entered later).
    /// </summary>
    private async Task<List<Guid>> CrossAsync(string direction, int count, int day, string start, bool hold)
    {
        var (departing, arriving) = direction == "PK-AF" ? ("pk.officer.torkham", "af.officer.torkham") : ("af.officer.torkham", "pk.officer.torkham");
        var startAt = At($"{Day(day)}T{start}:00Z");
        _app.Time.SetUtcNow(startAt);
        var carrier = await _app.As("carrier.demo");
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().At("torkham", direction).Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
            ids.Add(id);
        }
        _app.Time.SetUtcNow(startAt.AddMinutes(20));
        var called = await (await (await _app.As(departing)).Post($"/api/v1/crossings/torkham/queue/{direction}/call", new { count })).Json(HttpStatusCode.OK);
        Assert.Equal(ids.Order(), called.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).Order());
        _app.Time.SetUtcNow(startAt.AddMinutes(30));
        foreach (var id in ids)
        {
            await StepAsync(departing, id, "exit");
        }
        _app.Time.SetUtcNow(startAt.AddMinutes(50));
        var entering = hold ? ids[..^1] : ids;
        foreach (var id in entering)
        {
            await StepAsync(arriving, id, "entry");
        }
        return hold ? [ids[^1]] : [];
    }

    private async Task StepAsync(string officer, Guid truck, string step) =>
        await (await (await _app.As(officer)).Post($"/api/v1/trucks/{truck}/{step}", null)).Json(HttpStatusCode.OK);

    private async Task<Guid> NoticeAsync(string liaison, NoticeBuilder notice) =>
        (await (await (await _app.As(liaison)).Post("/api/v1/crossings/torkham/notices", notice.Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task AcknowledgeAsync(string liaison, Guid notice) =>
        await (await (await _app.As(liaison)).Post($"/api/v1/notices/{notice}/acknowledgement", new { })).Json(HttpStatusCode.Created);

    private async Task AnswerAsync(Guid incident) =>
        await (await (await _app.As("af.liaison")).Post($"/api/v1/incidents/{incident}/responses", new { stance = "dispute", statement = "Our guards did not fire first." })).Json(HttpStatusCode.Created);

    /// <summary>The stored evaluation of a commitment's day, as the API gives it.</summary>
    public async Task<JsonElement> EvaluationAsync(string commitment, int day) =>
        await (await _app.As("pk.liaison")).GetJson($"/api/v1/commitments/{Commitments[commitment]}/evaluations/{Day(day)}");
}
