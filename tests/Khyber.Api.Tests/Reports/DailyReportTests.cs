using System.Net;
using System.Text.Json;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Reports;

/// <summary>
/// The joint daily report of a crossing (<see cref="MeasuredWeek"/>): its figures on each side's own day, the audit head it
/// states, the PDF, and the countersignatures of both liaisons — refused when the report has moved on or the side has signed.
/// </summary>
public sealed class DailyReportTests
{
    private const string Wednesday = "/api/v1/crossings/torkham/reports/2027-03-24";

    [Fact]
    public async Task The_report_of_a_day_gives_each_sides_figures_on_its_own_day_and_the_audit_head_it_was_computed_at()
    {
        await using var app = await TestApp.StartAsync();
        await MeasuredWeek.BuildAsync(app);
        var officer = await app.As("af.officer.torkham");

        var report = await officer.GetJson(Wednesday);
        Assert.Equal(("torkham", "2027-03-24"), (report.GetProperty("crossingId").GetString(), report.GetProperty("day").GetString()));
        // Wednesday is over at 22:00 UTC, midnight in Bucharest (winter time); its evaluations were recorded on Thursday at 01:00.
        Assert.Equal(MeasuredWeek.At("2027-03-24T22:00:00Z"), report.GetProperty("cutoff").GetDateTimeOffset());
        var headSeq = report.GetProperty("headSeq").GetInt64();
        var evaluationEntry = await app.Db(db => db.AuditEntries.Where(e => e.Action == "EvaluateCommitments" && e.At == MeasuredWeek.At("2027-03-25T01:00:00Z")).MaxAsync(e => e.Seq));
        Assert.Equal(evaluationEntry, headSeq);
        Assert.Equal(await app.Db(db => db.AuditEntries.Where(e => e.Seq == headSeq).Select(e => e.Hash).SingleAsync()), report.GetProperty("headHash").GetString());

        var sides = report.GetProperty("sides").EnumerateArray().ToDictionary(s => s.GetProperty("side").GetString()!);
        Assert.Equal((24d, 24d, 0d), (sides["PK"].GetProperty("dayHours").GetDouble(), sides["PK"].GetProperty("openHours").GetDouble(), sides["PK"].GetProperty("closedHours").GetDouble()));
        Assert.Equal((24d, 18d, 6d), (sides["AF"].GetProperty("dayHours").GetDouble(), sides["AF"].GetProperty("openHours").GetDouble(), sides["AF"].GetProperty("closedHours").GetDouble()));
        Assert.Equal(MeasuredWeek.At("2027-03-23T22:00:00Z"), sides["AF"].GetProperty("from").GetDateTimeOffset());
        Assert.Equal(MeasuredWeek.At("2027-03-23T19:00:00Z"), sides["PK"].GetProperty("from").GetDateTimeOffset());

        var directions = report.GetProperty("directions").EnumerateArray().ToDictionary(d => d.GetProperty("direction").GetString()!);
        Assert.Equal((2, 3, -1), (directions["PK-AF"].GetProperty("exits").GetInt32(), directions["PK-AF"].GetProperty("entries").GetInt32(), directions["PK-AF"].GetProperty("difference").GetInt32()));
        Assert.Equal((1, 2), (directions["AF-PK"].GetProperty("exits").GetInt32(), directions["AF-PK"].GetProperty("entries").GetInt32()));
        // Two lanes of four trucks an hour, both gates round the clock.
        Assert.Equal((24d, 192d), (directions["PK-AF"].GetProperty("operatingHours").GetDouble(), directions["PK-AF"].GetProperty("capacityTrucks").GetDouble()));
        var committed = Assert.Single(directions["AF-PK"].GetProperty("commitments").EnumerateArray());
        Assert.Equal(("AF", 2d, "missed"), (committed.GetProperty("obligorSide").GetString(), committed.GetProperty("target").GetDouble(), committed.GetProperty("result").GetString()));

        var notices = report.GetProperty("notices").EnumerateArray().ToList();
        Assert.Equal([("AF", 0d, true, 30d), ("AF", 6d, false, 120d)],
            notices.Select(n => (n.GetProperty("side").GetString(), n.GetProperty("warningHours").GetDouble(), n.GetProperty("emergency").GetBoolean(), n.GetProperty("acknowledgedAfterMinutes").GetDouble())));
        Assert.Empty(report.GetProperty("incidents").EnumerateArray());
        Assert.Equal(8, report.GetProperty("evaluations").GetArrayLength());
        Assert.Empty(report.GetProperty("countersignatures").EnumerateArray());

        // Thursday's incident and its answer; Friday's spoilage on the departing side's day.
        var thursday = await officer.GetJson("/api/v1/crossings/torkham/reports/2027-03-25");
        var incident = Assert.Single(thursday.GetProperty("incidents").EnumerateArray());
        Assert.Equal(("PK", 6d, "dispute"), (incident.GetProperty("side").GetString(), incident.GetProperty("answeredAfterHours").GetDouble(), incident.GetProperty("stance").GetString()));
        var friday = await officer.GetJson("/api/v1/crossings/torkham/reports/2027-03-26");
        var afToPk = friday.GetProperty("directions").EnumerateArray().Single(d => d.GetProperty("direction").GetString() == "AF-PK");
        Assert.Equal((2, 24_000m), (afToPk.GetProperty("spoiled").GetInt32(), afToPk.GetProperty("spoiledValueUsd").GetDecimal()));

        // Sunday is 23 hours long on the Afghan side's clock.
        var sunday = await officer.GetJson("/api/v1/crossings/torkham/reports/2027-03-28");
        Assert.Equal(23, sunday.GetProperty("sides").EnumerateArray().Single(s => s.GetProperty("side").GetString() == "AF").GetProperty("dayHours").GetDouble());

        // Monday the 29th is not over yet; a day that is not one cannot be read.
        await (await officer.GetAsync("/api/v1/crossings/torkham/reports/2027-03-29")).Problem(HttpStatusCode.UnprocessableEntity, "day");
        await (await officer.GetAsync("/api/v1/crossings/torkham/reports/yesterday")).Problem(HttpStatusCode.BadRequest, "day");
        await (await officer.GetAsync("/api/v1/crossings/nowhere/reports/2027-03-24")).Problem(HttpStatusCode.NotFound);
        await (await (await app.As("carrier.demo")).GetAsync(Wednesday)).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_report_prints_as_a_pdf_in_each_sides_language()
    {
        await using var app = await TestApp.StartAsync();
        await MeasuredWeek.BuildAsync(app);
        var liaison = await app.As("pk.liaison");

        foreach (var language in new[] { "en", "ur", "fa-AF" })
        {
            using var pdf = await liaison.GetAsync($"{Wednesday}.pdf?language={language}");
            Assert.True(pdf.StatusCode == HttpStatusCode.OK, $"{language}: {(int)pdf.StatusCode} {await pdf.Content.ReadAsStringAsync()}");
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"khyber-torkham-2027-03-24-{language}.pdf", pdf.Content.Headers.ContentDisposition?.FileNameStar ?? pdf.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            var bytes = await pdf.Content.ReadAsByteArrayAsync();
            Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5));
            Assert.True(bytes.Length > 5_000, $"{language}: {bytes.Length} bytes");
            if (Environment.GetEnvironmentVariable("KHYBER_KEEP_PDF") is { Length: > 0 } folder)
            {
                await File.WriteAllBytesAsync(Path.Combine(folder, $"report-{language}.pdf"), bytes);
            }
        }
        await (await liaison.GetAsync($"{Wednesday}.pdf?language=de")).Problem(HttpStatusCode.UnprocessableEntity, "language");
        await (await liaison.GetAsync("/api/v1/crossings/torkham/reports/2027-03-29.pdf")).Problem(HttpStatusCode.UnprocessableEntity, "day");
    }

    [Fact]
    public async Task Both_liaisons_countersign_the_report_once_at_its_head_and_a_signature_on_a_head_that_has_moved_on_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        var week = await MeasuredWeek.BuildAsync(app);
        var pk = await app.As("pk.liaison");
        var af = await app.As("af.liaison");
        var head = (await pk.GetJson(Wednesday)).GetProperty("headHash").GetString()!;
        var signatures = () => app.Db(db => db.ReportCountersignatures.CountAsync());

        var signed = await (await pk.Post($"{Wednesday}/countersignatures", new { headHash = head })).Json(HttpStatusCode.Created);
        Assert.Equal(("PK", "pk.liaison", true), Signature(Assert.Single(signed.GetProperty("countersignatures").EnumerateArray())));
        // In the chain, as every other change.
        var entry = await app.Db(db => db.AuditEntries.SingleAsync(e => e.Action == "CountersignReport"));
        Assert.Equal(("pk.liaison", "PK"), (entry.Actor, entry.Side));
        Assert.Contains(head, entry.Payload, StringComparison.Ordinal);

        await (await pk.Post($"{Wednesday}/countersignatures", new { headHash = head })).Problem(HttpStatusCode.Conflict, "side");
        await (await af.Post($"{Wednesday}/countersignatures", new { headHash = new string('a', 64) })).Problem(HttpStatusCode.Conflict, "headHash");
        await (await af.Post($"{Wednesday}/countersignatures", new { headHash = "not a hash" })).Problem(HttpStatusCode.UnprocessableEntity, "headHash");
        await (await af.Post("/api/v1/crossings/torkham/reports/2027-03-29/countersignatures", new { headHash = head })).Problem(HttpStatusCode.UnprocessableEntity, "day");
        await (await (await app.As("af.officer.torkham")).Post($"{Wednesday}/countersignatures", new { headHash = head })).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(1, await signatures());

        var both = await (await af.Post($"{Wednesday}/countersignatures", new { headHash = head })).Json(HttpStatusCode.Created);
        Assert.Equal([("PK", "pk.liaison", true), ("AF", "af.liaison", true)], both.GetProperty("countersignatures").EnumerateArray().Select(Signature));

        // Pakistan disputes Wednesday's evaluation of the Afghan gate: the report shows it, so its head moves on.
        await (await pk.Post($"/api/v1/commitments/{week.Commitments["af-hours"]}/evaluations/2027-03-24/disputes", new { statement = "Closed from 07:30." })).Json(HttpStatusCode.Created);
        var moved = await af.GetJson(Wednesday);
        Assert.NotEqual(head, moved.GetProperty("headHash").GetString());
        Assert.Equal([false, false], moved.GetProperty("countersignatures").EnumerateArray().Select(s => s.GetProperty("current").GetBoolean()));
        await (await af.Post($"{Wednesday}/countersignatures", new { headHash = head })).Problem(HttpStatusCode.Conflict, "headHash");
        var again = await (await af.Post($"{Wednesday}/countersignatures", new { headHash = moved.GetProperty("headHash").GetString() })).Json(HttpStatusCode.Created);
        Assert.Equal([("PK", "pk.liaison", false), ("AF", "af.liaison", false), ("AF", "af.liaison", true)], again.GetProperty("countersignatures").EnumerateArray().Select(Signature));
        Assert.Equal(3, await signatures());
    }

    private static (string?, string?, bool) Signature(JsonElement s) =>
        (s.GetProperty("side").GetString(), s.GetProperty("signedBy").GetString(), s.GetProperty("current").GetBoolean());
}
