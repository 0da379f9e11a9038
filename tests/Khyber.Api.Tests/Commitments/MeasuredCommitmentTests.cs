using System.Net;
using System.Text.Json;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Commitments;

/// <summary>
/// Commitments measured from the border's own records (<see cref="MeasuredWeek"/>): every metric's evaluation of every day,
/// exactly, across the change of the Afghan side's clock; <c>khyber commitments evaluate</c> reproduces them from an exported
/// chain and from the database, and fails when either has been tampered with.
/// </summary>
public sealed class MeasuredCommitmentTests
{
    /// <summary>One day as it must come out: the value (null: nothing to measure), the target compared with, the result, the counts.</summary>
    private sealed record Expected(double? Value, double Target, string Result, string Counts);

    private static Expected Met(double value, double target, string counts) => new(value, target, "met", counts);

    private static Expected Missed(double value, double target, string counts) => new(value, target, "missed", counts);

    private static Expected Nothing(double target, string counts) => new(null, target, "nothing-to-measure", counts);

    private const string NoNotices = """{"emergency":0,"issued":0,"planned":0,"withWarning":0}""";
    private const string NoneDue = """{"due":0,"inTime":0,"late":0,"unacknowledged":0}""";
    private const string NoIncidentDue = """{"due":0,"inTime":0,"late":0,"unanswered":0}""";
    private const string FullDay = """{"agreedHours":24,"closedHours":0,"dayHours":24,"openHours":24,"operatingHours":24,"restrictedHours":0}""";

    /// <summary>Monday to Sunday, for each commitment: worked out by hand from the week's story.</summary>
    private static readonly Dictionary<string, Expected[]> Week = new()
    {
        // Pakistan's exits on Karachi's day (its own record); Afghanistan's entries on Bucharest's.
        ["pk-trucks"] =
        [
            Met(3, 2, """{"difference":0,"entries":3,"exits":3}"""),
            Met(2, 2, """{"difference":1,"entries":1,"exits":2}"""),
            Met(2, 2, """{"difference":-1,"entries":3,"exits":2}"""),
            Missed(1, 2, """{"difference":0,"entries":1,"exits":1}"""),
            Met(2, 2, """{"difference":0,"entries":2,"exits":2}"""),
            Met(2, 2, """{"difference":0,"entries":2,"exits":2}"""),
            Met(2, 2, """{"difference":0,"entries":2,"exits":2}"""),
        ],
        ["pk-warning"] =
        [
            Nothing(0.9, NoNotices),
            Met(1, 0.9, """{"emergency":0,"issued":2,"planned":2,"shortestWarningHours":48,"withWarning":2}"""),
            Nothing(0.9, NoNotices),
            Nothing(0.9, NoNotices),
            Missed(0, 0.9, """{"emergency":1,"issued":2,"planned":1,"shortestWarningHours":2,"withWarning":0}"""),
            Nothing(0.9, NoNotices),
            Nothing(0.9, NoNotices),
        ],
        ["pk-acks"] =
        [
            Nothing(1, NoneDue),
            Nothing(1, NoneDue),
            Missed(0.5, 1, """{"due":2,"inTime":1,"late":1,"slowestMinutes":120,"unacknowledged":0}"""),
            Nothing(1, NoneDue),
            Nothing(1, NoneDue),
            Nothing(1, NoneDue),
            Nothing(1, NoneDue),
        ],
        // Two perishables spoiled on Friday at 14:00 UTC (19:00 in Karachi): in every seven-day window from Friday on.
        ["pk-spoiled"] =
        [
            Met(0, 1, """{"days":7,"spoiled":0,"valueUsd":0}"""),
            Met(0, 1, """{"days":7,"spoiled":0,"valueUsd":0}"""),
            Met(0, 1, """{"days":7,"spoiled":0,"valueUsd":0}"""),
            Met(0, 1, """{"days":7,"spoiled":0,"valueUsd":0}"""),
            Missed(2, 1, """{"days":7,"spoiled":2,"valueUsd":24000}"""),
            Missed(2, 1, """{"days":7,"spoiled":2,"valueUsd":24000}"""),
            Missed(2, 1, """{"days":7,"spoiled":2,"valueUsd":24000}"""),
        ],
        // Sunday is 23 hours long in Bucharest: open all 23 meets the 24 agreed.
        ["af-hours"] =
        [
            Met(24, 24, FullDay),
            Met(24, 24, FullDay),
            Missed(18, 24, """{"agreedHours":24,"closedHours":6,"dayHours":24,"openHours":18,"operatingHours":24,"restrictedHours":0}"""),
            Met(24, 24, FullDay),
            Met(24, 24, FullDay),
            Met(24, 24, FullDay),
            Met(23, 23, """{"agreedHours":24,"closedHours":0,"dayHours":23,"openHours":23,"operatingHours":23,"restrictedHours":0}"""),
        ],
        // Afghanistan's exits on Bucharest's day; Pakistan's entries on Karachi's. Saturday's 21:30 exit is 23:30 in Bucharest
        // (Saturday) and enters at 02:50 Sunday in Karachi; Sunday's 21:30 exit is 00:30 Monday in Bucharest, after the change.
        ["af-trucks"] =
        [
            Met(2, 2, """{"difference":0,"entries":2,"exits":2}"""),
            Met(2, 2, """{"difference":1,"entries":1,"exits":2}"""),
            Missed(1, 2, """{"difference":-1,"entries":2,"exits":1}"""),
            Met(2, 2, """{"difference":0,"entries":2,"exits":2}"""),
            Met(2, 2, """{"difference":0,"entries":2,"exits":2}"""),
            Met(3, 2, """{"difference":1,"entries":2,"exits":3}"""),
            Met(2, 2, """{"difference":-1,"entries":3,"exits":2}"""),
        ],
        ["af-acks"] =
        [
            Nothing(1, NoneDue),
            Missed(0.5, 1, """{"due":2,"inTime":1,"late":1,"slowestMinutes":120,"unacknowledged":0}"""),
            Nothing(1, NoneDue),
            Nothing(1, NoneDue),
            Missed(0.5, 1, """{"due":2,"inTime":1,"late":0,"slowestMinutes":10,"unacknowledged":1}"""),
            Nothing(1, NoneDue),
            Nothing(1, NoneDue),
        ],
        // Saturday's incident fell due at 23:00 in Bucharest and was answered on Sunday: unanswered as Saturday stood.
        ["af-incidents"] =
        [
            Nothing(1, NoIncidentDue),
            Nothing(1, NoIncidentDue),
            Nothing(1, NoIncidentDue),
            Met(1, 1, """{"due":1,"inTime":1,"late":0,"unanswered":0}"""),
            Nothing(1, NoIncidentDue),
            Missed(0, 1, """{"due":1,"inTime":0,"late":0,"unanswered":1}"""),
            Nothing(1, NoIncidentDue),
        ],
    };

    private static readonly Dictionary<string, string> Statuses = new()
    {
        ["pk-trucks"] = "at-risk", ["pk-warning"] = "missed", ["pk-acks"] = "missed", ["pk-spoiled"] = "missed",
        ["af-hours"] = "at-risk", ["af-trucks"] = "at-risk", ["af-acks"] = "missed", ["af-incidents"] = "missed",
    };

    [Fact]
    public async Task A_week_of_operations_is_measured_exactly_per_side_day_across_a_change_of_clock_and_the_command_line_reproduces_it()
    {
        await using var app = await TestApp.StartAsync();
        var week = await MeasuredWeek.BuildAsync(app);
        var entries = await app.Db(db => db.AuditEntries.AsNoTracking().ToDictionaryAsync(e => e.Seq, e => e.Hash));

        // Sunday was measured only once it was over on both clocks: 21:00 UTC, midnight in Bucharest on summer time.
        Assert.Equal(0, week.EvaluatedBeforeSundayWasOver);

        var wrong = new List<string>();
        foreach (var (name, days) in Week)
        {
            for (var d = 0; d < days.Length; d++)
            {
                var e = await week.EvaluationAsync(name, d);
                var expected = days[d];
                var value = e.GetProperty("value").ValueKind == JsonValueKind.Null ? (double?)null : e.GetProperty("value").GetDouble();
                var counts = JsonSerializer.Serialize(e.GetProperty("counts").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).ToDictionary(p => p.Name, p => p.Value.GetDouble()));
                var actual = new Expected(value, e.GetProperty("target").GetDouble(), e.GetProperty("result").GetString()!, counts);
                if (actual != expected)
                {
                    wrong.Add($"{name} {MeasuredWeek.Monday.AddDays(d):yyyy-MM-dd}: expected {expected}, got {actual}");
                }
                // The evidence names the chain: entries up to toSeq, whose hash it carries.
                var toSeq = e.GetProperty("toSeq").GetInt64();
                Assert.Equal(entries[toSeq], e.GetProperty("headHash").GetString());
                Assert.InRange(e.GetProperty("fromSeq").GetInt64(), 1, toSeq);
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));

        var pk = await app.As("pk.liaison");
        foreach (var (name, status) in Statuses)
        {
            var commitment = await pk.GetJson($"/api/v1/commitments/{week.Commitments[name]}");
            Assert.True(status == commitment.GetProperty("status").GetString(), $"{name}: {commitment.GetProperty("status")}");
            Assert.Equal(7, commitment.GetProperty("recentEvaluations").GetArrayLength());
        }
        var listed = await pk.GetJson("/api/v1/commitments?status=at-risk");
        Assert.Equal(3, listed.GetArrayLength());
        var hours = await pk.GetJson($"/api/v1/commitments/{week.Commitments["af-hours"]}/evaluations?from=2027-03-22&to=2027-03-28");
        Assert.Equal(["2027-03-28", "2027-03-27", "2027-03-26", "2027-03-25", "2027-03-24", "2027-03-23", "2027-03-22"],
            hours.EnumerateArray().Select(x => x.GetProperty("day").GetString()));

        // Measuring again changes nothing: every day is stored once.
        Assert.Equal(0, await app.EvaluateAsync());
        Assert.Equal(56, await app.Db(db => db.CommitmentEvaluations.CountAsync()));

        // The command line, on an exported chain alone, and on the database.
        var file = Path.Combine(Path.GetTempPath(), $"khyber-measured-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, (await CommandLineInProcess.RunAsync(["audit", "export", .. CommandLineInProcess.Source(app), "--out", file])).Code);
            var (code, output) = await CommandLineInProcess.RunAsync("commitments", "evaluate", "--file", file);
            Assert.True(code == 0, output);
            Assert.Contains("All 56 day(s) come out as stored", output);
            (code, output) = await CommandLineInProcess.RunAsync("commitments", "evaluate", "--file", file, "--commitment", week.Commitments["af-hours"].ToString(), "--day", "2027-03-28");
            Assert.True(code == 0, output);
            Assert.Contains("All 1 day(s) come out as stored", output);

            (code, output) = await CommandLineInProcess.RunAsync(["commitments", "evaluate", .. CommandLineInProcess.Source(app)]);
            Assert.True(code == 0, output);
            Assert.Contains("All 56 day(s) come out as stored", output);

            // An export altered anywhere fails: the chain no longer verifies, so nothing is measured from it.
            var text = await File.ReadAllTextAsync(file);
            var exit = text.IndexOf("ExitedAt\\u0022:\\u00222027-03-25T15:00:00", StringComparison.Ordinal) is var at and >= 0 ? at
                : text.IndexOf("ExitedAt\\\":\\\"2027-03-25T15:00:00", StringComparison.Ordinal);
            Assert.True(exit >= 0, "the export holds Thursday's exit");
            await File.WriteAllTextAsync(file, string.Concat(text.AsSpan(0, exit), text.AsSpan(exit).ToString().ReplaceFirst("2027-03-25T15:00:00", "2027-03-26T15:00:00")));
            (code, output) = await CommandLineInProcess.RunAsync("commitments", "evaluate", "--file", file);
            Assert.Equal(1, code);
            Assert.Contains("does not verify", output);

            // Tables altered behind the chain's back: the day measured again from them differs from the stored one.
            var moved = await app.Db(db => db.Trucks.Where(t => t.ExitedAt == MeasuredWeek.At("2027-03-25T15:00:00Z")).Select(t => t.Id).FirstAsync());
            await app.Db(db => db.Trucks.Where(t => t.Id == moved).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExitedAt, MeasuredWeek.At("2027-03-26T15:00:00Z"))));
            (code, output) = await CommandLineInProcess.RunAsync(["commitments", "evaluate", .. CommandLineInProcess.Source(app), "--commitment", week.Commitments["pk-trucks"].ToString()]);
            Assert.Equal(1, code);
            Assert.Contains("DIFFERS", output);
            Assert.Contains("2 of 7 day(s) differ from what is stored", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_dispute_of_an_evaluation_is_recorded_beside_its_evidence_by_the_side_owed_once()
    {
        await using var app = await TestApp.StartAsync();
        var week = await MeasuredWeek.BuildAsync(app);
        var id = week.Commitments["af-hours"];
        var before = await week.EvaluationAsync("af-hours", 2);

        await (await (await app.As("af.liaison")).Post($"/api/v1/commitments/{id}/evaluations/2027-03-24/disputes", new { statement = "Disputed by ourselves." })).Problem(HttpStatusCode.Forbidden);
        var pk = await app.As("pk.liaison");
        await (await pk.Post($"/api/v1/commitments/{id}/evaluations/2027-03-29/disputes", new { statement = "Not measured yet." })).Problem(HttpStatusCode.NotFound);
        await (await pk.Post($"/api/v1/commitments/{id}/evaluations/2027-03-24/disputes", new { statement = " " })).Problem(HttpStatusCode.UnprocessableEntity, "statement");

        var disputed = await (await pk.Post($"/api/v1/commitments/{id}/evaluations/2027-03-24/disputes",
            new { statement = "The gate was closed from 07:30, not 08:00: our trucks were turned back." })).Json(HttpStatusCode.Created);
        Assert.Equal(("PK", "pk.liaison"), (disputed.GetProperty("dispute").GetProperty("side").GetString(), disputed.GetProperty("dispute").GetProperty("raisedBy").GetString()));
        // The evidence does not change.
        foreach (var field in new[] { "value", "target", "result", "counts", "fromSeq", "toSeq", "headHash" })
        {
            Assert.Equal(before.GetProperty(field).GetRawText(), disputed.GetProperty(field).GetRawText());
        }
        await (await pk.Post($"/api/v1/commitments/{id}/evaluations/2027-03-24/disputes", new { statement = "Again." })).Problem(HttpStatusCode.Conflict);
        Assert.Equal(1, await app.Db(db => db.EvaluationDisputes.CountAsync()));
    }
}

internal static class StringReplace
{
    public static string ReplaceFirst(this string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length));
    }
}
