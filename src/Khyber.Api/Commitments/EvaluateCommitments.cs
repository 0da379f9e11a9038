using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Commitments;
using Khyber.Domain.Records;
using Khyber.Storage;
using Khyber.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>
/// Measures every measured commitment for each day that is over on both sides' clocks and not measured yet, from its
/// first day (<see cref="CommitmentMetric.MeasuredFrom"/>) on: run by <see cref="EvaluationClock"/> on the injected clock,
/// so a day is measured shortly after its last midnight, and days missed while the server was down are caught up.
/// </summary>
/// <remarks>
/// Each commitment's new days are one unit of work under the write lock: the chain's head is read with the records, so the
/// evidence names exactly the entries the records were read from, and a second server instance doing the same waits, then
/// finds the days done.
/// </remarks>
public sealed class EvaluateCommitments(KhyberDb db, TimeProvider time, ILogger<EvaluateCommitments> log) : IUseCase
{
    /// <summary>At most this many days of one commitment are measured in one run (a baseline is at most 92 days back).</summary>
    public const int MaxDaysPerRun = MetricRules.MaxBaselineDays + 1;

    /// <summary>Measures what is due; returns how many days were recorded.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var measured = await db.Commitments.AsNoTracking().Where(c => c.Metric != null).OrderBy(c => c.RecordedAt).ThenBy(c => c.Id).ToListAsync(ct);
        var recorded = 0;
        foreach (var commitment in measured)
        {
            recorded += await EvaluateAsync(commitment.Id, commitment.ObligorSide, commitment.Metric!, now, ct);
        }
        return recorded;
    }

    private async Task<int> EvaluateAsync(Guid id, Side obligor, CommitmentMetric metric, DateTimeOffset now, CancellationToken ct)
    {
        db.Acting("system", null, nameof(EvaluateCommitments), $"commitments/{id}/evaluations");
        return await Concurrency.RetryAsync(db, async token =>
        {
            var sides = (await db.CrossingSides.AsNoTracking().Where(s => s.CrossingId == metric.CrossingId).ToListAsync(token)).Select(RecordedFacts.Of).ToList();
            if (sides.Count == 0)
            {
                return 0;
            }
            var last = CommitmentMetrics.LastDayOver(now, sides);
            var done = await db.CommitmentEvaluations.Where(e => e.CommitmentId == id).MaxAsync(e => (DateOnly?)e.Day, token);
            var first = new[] { metric.MeasuredFrom, done?.AddDays(1) ?? DateOnly.MinValue, last.AddDays(1 - MaxDaysPerRun) }.Max();
            if (first > last)
            {
                return 0;
            }
            var facts = await RecordedFacts.LoadAsync(db, metric.CrossingId, CommitmentMetrics.RecordsNeeded(metric, first, last, sides), token);
            if (facts is null)
            {
                return 0;
            }
            var (toSeq, headHash) = await EvidenceChain.HeadAsync(db, token);
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                var evaluation = CommitmentMetrics.Evaluate(obligor, metric, day, facts);
                var fromSeq = await EvidenceChain.FirstFromAsync(db, evaluation.Records.From, toSeq, token);
                db.CommitmentEvaluations.Add(CommitmentEvaluation.Of(Guid.NewGuid(), id, day, metric.Kind, evaluation, fromSeq, toSeq, headHash, now));
            }
            await db.SaveChangesAsync(token);
            var count = last.DayNumber - first.DayNumber + 1;
            log.LogInformation("Commitment {Commitment} measured for {Count} day(s), {First} to {Last}", id, count, first, last);
            return count;
        }, ct);
    }
}

/// <summary>Runs <see cref="EvaluateCommitments"/> every few minutes on the injected clock (<c>Commitments:EvaluateEveryMinutes</c>, 10 by default).</summary>
public sealed class EvaluationClock(IServiceScopeFactory scopes, TimeProvider time, IConfiguration config, ILogger<EvaluationClock> log)
    : PeriodicJob<EvaluateCommitments>(scopes, time, log, Every(config, "Commitments:EvaluateEveryMinutes", 10, TimeSpan.FromMinutes(1)), "Measuring commitments", (evaluate, ct) => evaluate.RunAsync(ct));
