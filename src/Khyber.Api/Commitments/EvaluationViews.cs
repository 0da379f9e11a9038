using Khyber.Domain;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>What a measured commitment measures: the kind, where, the target and which way, its parameter, and from which day.</summary>
public sealed record MetricView(
    MetricKind Kind,
    string CrossingId,
    string? Direction,
    double Target,
    Comparison Comparison,
    int? WarningHours,
    int? WithinMinutes,
    int? WithinHours,
    DateOnly MeasuredFrom);

/// <summary>The other side's dispute of a day's evaluation.</summary>
public sealed record EvaluationDisputeView(Guid Id, string Side, string Statement, DateTimeOffset RaisedAt, string RaisedBy);

/// <summary>
/// One day of a measured commitment: the value, the target it was compared with, the result, and the evidence — the counts
/// it came from, the span of records read, and the audit entries <c>fromSeq</c>–<c>toSeq</c> with the hash of <c>toSeq</c>,
/// from which anyone holding the chain can compute it again (<c>khyber commitments evaluate</c>); the other side's
/// dispute, if any, beside it.
/// </summary>
public sealed record EvaluationView(
    Guid Id,
    Guid CommitmentId,
    DateOnly Day,
    MetricKind Kind,
    double? Value,
    double Target,
    Comparison Comparison,
    EvaluationResult Result,
    IReadOnlyDictionary<string, double> Counts,
    DateTimeOffset From,
    DateTimeOffset To,
    long FromSeq,
    long ToSeq,
    string HeadHash,
    DateTimeOffset ComputedAt,
    EvaluationDisputeView? Dispute);

public static class EvaluationViews
{
    public static MetricView View(CommitmentMetric m) => new(
        m.Kind, m.CrossingId, m.Direction?.Id(), m.Target, m.Comparison, m.WarningHours, m.WithinMinutes, m.WithinHours, m.MeasuredFrom);

    public static EvaluationView View(CommitmentEvaluation e) => new(
        e.Id, e.CommitmentId, e.Day, e.Kind, e.Value, e.Target, e.Comparison, e.Result, e.CountsRead(), e.From, e.To, e.FromSeq, e.ToSeq, e.HeadHash, e.ComputedAt,
        e.Dispute is { } d ? new EvaluationDisputeView(d.Id, d.Side.ToString(), d.Statement, d.RaisedAt, d.RaisedBy) : null);
}

/// <summary>The evaluations a measured commitment's status comes from: the seven days up to its latest evaluated day.</summary>
public static class RecentEvaluations
{
    public static async Task<ILookup<Guid, CommitmentEvaluation>> ReadAsync(KhyberDb db, IReadOnlyList<Guid> commitments, CancellationToken ct)
    {
        if (commitments.Count == 0)
        {
            return CommitmentViews.NoEvaluations;
        }
        var latest = await db.CommitmentEvaluations
            .Where(e => commitments.Contains(e.CommitmentId))
            .GroupBy(e => e.CommitmentId)
            .Select(g => new { Commitment = g.Key, Day = g.Max(e => e.Day) })
            .ToDictionaryAsync(x => x.Commitment, x => x.Day, ct);
        if (latest.Count == 0)
        {
            return CommitmentViews.NoEvaluations;
        }
        var since = latest.Values.Min().AddDays(-6);
        var rows = await db.CommitmentEvaluations.AsNoTracking()
            .Where(e => commitments.Contains(e.CommitmentId) && e.Day >= since)
            .ToListAsync(ct);
        return rows.Where(e => e.Day > latest[e.CommitmentId].AddDays(-7)).OrderByDescending(e => e.Day).ToLookup(e => e.CommitmentId);
    }
}
