using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Khyber.Cli.Audit;
using Khyber.Domain;
using Khyber.Domain.Commitments;
using Khyber.Domain.Records;
using Khyber.Storage;
using Khyber.Storage.Audit;
using Khyber.Storage.Records;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Khyber.Cli.Commitments;

/// <summary>
/// <c>khyber commitments evaluate</c>: measures stored days of measured commitments again, from a database or from an
/// exported audit chain alone, with the same function the server used, and says whether each comes out as stored.
/// Exit code 0: every day measured comes out the same; 1: a day differs, is not stored, or the chain does not verify;
/// 2: the source cannot be read, or a day cannot be measured from it (an entry that summarises its changes).
/// </summary>
/// <remarks>
/// The chain is verified first, and each evaluation's head hash must be the hash of its last entry. From an export the
/// records are rebuilt by replaying the chain up to that entry (<see cref="ChainReplay"/>), so nobody's tables are trusted;
/// from a database they are read from its tables as the server reads them. Either way the day is measured from the records
/// as they stood when it was over (<see cref="CrossingFacts.AsKnownAt"/>).
/// </remarks>
public sealed class CommitmentsEvaluateCommand : AsyncCommand<CommitmentsEvaluateCommand.Settings>, IVerb
{
    public sealed class Settings : AuditSource
    {
        [CommandOption("--commitment <ID>")]
        [Description("Only this commitment (its id); every measured commitment when omitted.")]
        public Guid? Commitment { get; init; }

        [CommandOption("--day <DAY>")]
        [Description("Only this day (yyyy-mm-dd); every stored day when omitted. With --commitment, a day not stored is measured and reported as missing.")]
        public string? Day { get; init; }

        public override ValidationResult Validate()
        {
            var source = base.Validate();
            if (!source.Successful)
            {
                return source;
            }
            return Day is null || DateOnly.TryParseExact(Day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? ValidationResult.Success()
                : ValidationResult.Error("--day is a day as yyyy-mm-dd, such as 2027-03-28.");
        }
    }

    public static void Register(IConfigurator config) =>
        config.AddBranch("commitments", commitments =>
        {
            commitments.SetDescription("Measured commitments.");
            commitments.AddCommand<CommitmentsEvaluateCommand>("evaluate")
                .WithDescription("Measure stored days of measured commitments again, from a database or an exported audit chain alone, and compare with what is stored.")
                .WithExample("commitments", "evaluate", "khyber.db")
                .WithExample("commitments", "evaluate", "--file", "audit.json", "--commitment", "3f2c0a4e-0000-0000-0000-000000000000", "--day", "2027-03-28");
        });

    /// <summary>One stored day and what measuring it again gave.</summary>
    private sealed record Check(Guid Commitment, DateOnly Day, CommitmentEvaluation? Stored, CommitmentEvaluation? Again, IReadOnlyList<string> Differences, string? Problem);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        var day = settings.Day is { } text ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null;
        List<Check> checks;
        try
        {
            var entries = settings.File is { } path ? await AuditSource.ReadFileAsync(path, cancellationToken) : await ReadDatabaseAsync(settings, cancellationToken);
            AuditHead? head = null;
            if (settings.File is null)
            {
                await using var db = settings.Open();
                head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
            }
            var verification = AuditChain.Verify(entries, head);
            if (!verification.Valid)
            {
                console.MarkupLineInterpolated($"[red]The audit chain does not verify: broken at entry {verification.FirstBadSeq}:[/] {verification.Problem}");
                console.MarkupLine("Nothing measured from a chain that has been altered.");
                return 1;
            }
            checks = settings.File is not null
                ? Measure(entries, settings.Commitment, day)
                : await MeasureDatabaseAsync(settings, entries, day, cancellationToken);
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or FormatException or InvalidOperationException or DbUpdateException
            or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or KeyNotFoundException)
        {
            console.MarkupLineInterpolated($"[red]Cannot measure:[/] {e.Message}");
            return 2;
        }

        if (checks.Count == 0)
        {
            console.MarkupLine("[yellow]No stored evaluation matches.[/]");
            return settings.Commitment is not null && day is not null ? 1 : 0;
        }
        var table = new Table().AddColumns("Commitment", "Day", "Stored", "Measured again", "Verdict");
        foreach (var c in checks)
        {
            table.AddRow(
                Markup.Escape(c.Commitment.ToString()),
                c.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Markup.Escape(Describe(c.Stored)),
                Markup.Escape(Describe(c.Again)),
                c.Problem is { } problem ? $"[yellow]{Markup.Escape(problem)}[/]"
                : c.Differences.Count == 0 ? "[green]same[/]"
                : $"[red]DIFFERS: {Markup.Escape(string.Join("; ", c.Differences))}[/]");
        }
        console.Write(table);
        var differ = checks.Count(c => c.Problem is null && c.Differences.Count > 0);
        var unmeasured = checks.Count(c => c.Problem is not null);
        if (unmeasured > 0)
        {
            console.MarkupLineInterpolated($"[yellow]{unmeasured} of {checks.Count} day(s) could not be measured from this source.[/]");
            return 2;
        }
        if (differ > 0)
        {
            console.MarkupLineInterpolated($"[red]{differ} of {checks.Count} day(s) differ from what is stored.[/]");
            return 1;
        }
        console.MarkupLineInterpolated($"[green]All {checks.Count} day(s) come out as stored.[/]");
        return 0;
    }

    private static async Task<List<AuditEntry>> ReadDatabaseAsync(Settings settings, CancellationToken ct)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in settings.EntriesAsync(ct))
        {
            entries.Add(entry);
        }
        return entries;
    }

    /// <summary>From an export: the stored evaluations, the commitments and the records all come from replaying the chain.</summary>
    private static List<Check> Measure(IReadOnlyList<AuditEntry> entries, Guid? only, DateOnly? day)
    {
        var whole = ChainReplay.Of(entries, long.MaxValue);
        var commitments = whole.MeasuredCommitments();
        var stored = whole.Evaluations().Where(e => (only is null || e.CommitmentId == only) && (day is null || e.Day == day)).ToList();
        var checks = new List<Check>();
        if (stored.Count == 0 && only is { } id && day is { } asked && commitments.TryGetValue(id, out var missing))
        {
            var again = Again(id, missing.Obligor, missing.Metric, asked, whole.Facts(missing.Metric.CrossingId), entries, entries.Count == 0 ? 0 : entries[^1].Seq);
            return [new Check(id, asked, null, again, ["no evaluation of this day is stored"], null)];
        }
        foreach (var group in stored.GroupBy(e => e.ToSeq))
        {
            var replay = ChainReplay.Of(entries, group.Key);
            foreach (var evaluation in group.OrderBy(e => e.CommitmentId).ThenBy(e => e.Day))
            {
                if (!commitments.TryGetValue(evaluation.CommitmentId, out var commitment))
                {
                    checks.Add(new Check(evaluation.CommitmentId, evaluation.Day, evaluation, null, [], "the chain holds no metric for this commitment"));
                    continue;
                }
                if (replay.Summarised.Count > 0)
                {
                    checks.Add(new Check(evaluation.CommitmentId, evaluation.Day, evaluation, null, [],
                        $"entries {string.Join(", ", replay.Summarised)} summarise their changes instead of listing them (a bulk load such as the demo's): measure it from the database"));
                    continue;
                }
                var again = Again(evaluation.CommitmentId, commitment.Obligor, commitment.Metric, evaluation.Day, replay.Facts(commitment.Metric.CrossingId), entries, evaluation.ToSeq);
                checks.Add(new Check(evaluation.CommitmentId, evaluation.Day, evaluation, again, Compare(evaluation, again, entries), null));
            }
        }
        return [.. checks.OrderBy(c => c.Commitment).ThenBy(c => c.Day)];
    }

    /// <summary>From a database: the stored evaluations and the records are read from its tables, the chain from its log.</summary>
    private static async Task<List<Check>> MeasureDatabaseAsync(Settings settings, IReadOnlyList<AuditEntry> entries, DateOnly? day, CancellationToken ct)
    {
        await using var db = settings.Open();
        var commitments = await db.Commitments.AsNoTracking().Where(c => c.Metric != null && (settings.Commitment == null || c.Id == settings.Commitment)).ToListAsync(ct);
        var ids = commitments.Select(c => c.Id).ToList();
        var stored = await db.CommitmentEvaluations.AsNoTracking().Where(e => ids.Contains(e.CommitmentId) && (day == null || e.Day == day)).ToListAsync(ct);
        var checks = new List<Check>();
        foreach (var commitment in commitments)
        {
            var metric = commitment.Metric!;
            var days = stored.Where(e => e.CommitmentId == commitment.Id).OrderBy(e => e.Day).ToList();
            var sides = (await db.CrossingSides.AsNoTracking().Where(s => s.CrossingId == metric.CrossingId).ToListAsync(ct)).Select(RecordedFacts.Of).ToList();
            if (days.Count == 0 && settings.Commitment is not null && day is { } asked)
            {
                var facts = await RecordedFacts.LoadAsync(db, metric.CrossingId, CommitmentMetrics.RecordsNeeded(metric, asked, asked, sides), ct);
                var again = Again(commitment.Id, commitment.ObligorSide, metric, asked, facts, entries, entries.Count == 0 ? 0 : entries[^1].Seq);
                checks.Add(new Check(commitment.Id, asked, null, again, ["no evaluation of this day is stored"], null));
                continue;
            }
            foreach (var evaluation in days)
            {
                var facts = await RecordedFacts.LoadAsync(db, metric.CrossingId, CommitmentMetrics.RecordsNeeded(metric, evaluation.Day, evaluation.Day, sides), ct);
                var again = Again(commitment.Id, commitment.ObligorSide, metric, evaluation.Day, facts, entries, evaluation.ToSeq);
                checks.Add(new Check(commitment.Id, evaluation.Day, evaluation, again, Compare(evaluation, again, entries), null));
            }
        }
        return checks;
    }

    /// <summary>Measures the day again, with the evidence range computed from the chain as the server computes it.</summary>
    private static CommitmentEvaluation? Again(Guid commitment, Side obligor, CommitmentMetric metric, DateOnly day, CrossingFacts? facts, IReadOnlyList<AuditEntry> entries, long toSeq)
    {
        if (facts is null)
        {
            return null;
        }
        var evaluation = CommitmentMetrics.Evaluate(obligor, metric, day, facts);
        var fromSeq = entries.Where(e => e.At >= evaluation.Records.From && e.Seq <= toSeq).Select(e => (long?)e.Seq).Min() ?? toSeq + 1;
        // Id and time of computing are the stored row's own; the comparison leaves them out.
        return CommitmentEvaluation.Of(Guid.Empty, commitment, day, metric.Kind, evaluation, fromSeq, toSeq, HashOf(entries, toSeq) ?? "", default);
    }

    private static string? HashOf(IReadOnlyList<AuditEntry> entries, long seq) =>
        seq == 0 ? AuditChain.Genesis : entries.FirstOrDefault(e => e.Seq == seq)?.Hash;

    /// <summary>What differs between the stored day and the day measured again: the result, the figures, the span of records, the chain range and its hash.</summary>
    private static List<string> Compare(CommitmentEvaluation stored, CommitmentEvaluation? again, IReadOnlyList<AuditEntry> entries)
    {
        if (again is null)
        {
            return ["the crossing's records are not in this source"];
        }
        var differences = new List<string>();
        void Same<T>(string what, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                differences.Add($"{what} stored {a}, measured {b}");
            }
        }
        Same("result", stored.Result, again.Result);
        Same("value", stored.Value, again.Value);
        Same("target", stored.Target, again.Target);
        Same("comparison", stored.Comparison, again.Comparison);
        Same("counts", stored.Counts, again.Counts);
        Same("records from", stored.From, again.From);
        Same("records to", stored.To, again.To);
        Same("first entry", stored.FromSeq, again.FromSeq);
        if (HashOf(entries, stored.ToSeq) != stored.HeadHash)
        {
            differences.Add($"head hash {stored.HeadHash} is not the hash of entry {stored.ToSeq} in this chain");
        }
        return differences;
    }

    private static string Describe(CommitmentEvaluation? e) =>
        e is null ? "–" : $"{Kebab.Word(e.Result.ToString())} {(e.Value is { } v ? EvidenceCounts.Text(v) : "–")} vs {EvidenceCounts.Text(e.Target)} {e.Counts} entries {e.FromSeq}–{e.ToSeq}";
}
