using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Khyber.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Reports;

/// <summary>One day at a crossing: trucks out in each direction (on the departing side's day) and the commitments met and missed.</summary>
public sealed record GlanceDay(DateOnly Day, int PkToAf, int AfToPk, int Met, int Missed);

/// <summary>A trucks-through commitment at the crossing: what each day's trucks are held against.</summary>
public sealed record GlanceTarget(string Direction, string ObligorSide, double Target, Comparison Comparison);

/// <summary>A crossing's last seven days that are over on both clocks, oldest first.</summary>
public sealed record CrossingWeek(string CrossingId, string Name, IReadOnlyList<GlanceDay> Days, IReadOnlyList<GlanceTarget> Targets);

/// <summary>
/// The liaison desk's week at a glance: for each crossing, its last seven days over on both sides' clocks — trucks let out
/// per direction, counted as the daily report counts them, and the measured commitments met and missed each day.
/// </summary>
public sealed class GetWeekAtAGlance(KhyberDb db, TimeProvider time) : IUseCase
{
    public const int Days = 7;

    public async Task<List<CrossingWeek>> HandleAsync(Actor actor, string? crossingId, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayReadDailyReports(actor), "The week at a glance is read by officers, liaisons and administrators.");
        var now = time.GetUtcNow();
        var crossings = await db.Crossings.AsNoTracking().Include(c => c.Sides).Where(c => crossingId == null || c.Id == crossingId).OrderBy(c => c.Name).ToListAsync(ct);
        var measured = await db.Commitments.AsNoTracking().Where(c => c.Metric != null).ToListAsync(ct);
        var weeks = new List<CrossingWeek>();
        foreach (var crossing in crossings)
        {
            var sides = crossing.Sides.OrderBy(s => s.Side).Select(RecordedFacts.Of).ToList();
            if (sides.Count == 0)
            {
                continue;
            }
            var last = CommitmentMetrics.LastDayOver(now, sides);
            var first = last.AddDays(1 - Days);
            var facts = await RecordedFacts.LoadAsync(db, crossing.Id, new Domain.Records.BorderSpan(sides.Min(s => s.Day(first).From), CommitmentMetrics.DayOver(last, sides)), ct);
            var here = measured.Where(c => c.Metric!.CrossingId == crossing.Id).ToList();
            var ids = here.Select(c => c.Id).ToList();
            var results = await db.CommitmentEvaluations.AsNoTracking()
                .Where(e => ids.Contains(e.CommitmentId) && e.Day >= first && e.Day <= last)
                .Select(e => new { e.Day, e.Result })
                .ToListAsync(ct);
            int Out(Direction direction, DateOnly day)
            {
                var span = facts!.Clock(direction.DepartureSide()).Day(day);
                return facts.Trucks.Count(t => t.Direction == direction && t.ExitedAt is { } x && span.Contains(x));
            }
            var days = Enumerable.Range(0, Days).Select(i => first.AddDays(i)).Select(day => new GlanceDay(
                day, Out(Direction.PkToAf, day), Out(Direction.AfToPk, day),
                results.Count(r => r.Day == day && r.Result == EvaluationResult.Met),
                results.Count(r => r.Day == day && r.Result == EvaluationResult.Missed))).ToList();
            var targets = here.Where(c => c.Metric!.Kind == MetricKind.TrucksThrough)
                .OrderBy(c => c.Metric!.Direction).ThenBy(c => c.RecordedAt)
                .Select(c => new GlanceTarget(c.Metric!.Direction!.Value.Id(), c.ObligorSide.ToString(), c.Metric.Target, c.Metric.Comparison))
                .ToList();
            weeks.Add(new CrossingWeek(crossing.Id, crossing.Name, days, targets));
        }
        return weeks;
    }
}
