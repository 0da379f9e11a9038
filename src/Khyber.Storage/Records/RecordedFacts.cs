using Khyber.Domain;
using Khyber.Domain.Crossings;
using Khyber.Domain.Incidents;
using Khyber.Domain.Notices;
using Khyber.Domain.Records;
using Khyber.Domain.Trucks;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Storage.Records;

/// <summary>
/// Reads a crossing's records from the tables as plain facts (<see cref="CrossingFacts"/>): the one reader for the server's
/// evaluations and reports and for <c>khyber commitments evaluate</c> on a database.
/// </summary>
public static class RecordedFacts
{
    /// <summary>
    /// The records of a crossing that bear on <paramref name="span"/>: its sides, every notice issued by its end (the state of
    /// a gate may rest on an old one), the trucks that moved, spoiled or waited during it, and the incidents logged in it.
    /// Null when there is no such crossing.
    /// </summary>
    public static async Task<CrossingFacts?> LoadAsync(KhyberDb db, string crossingId, BorderSpan span, CancellationToken ct)
    {
        var crossing = await db.Crossings.AsNoTracking().Include(c => c.Sides).SingleOrDefaultAsync(c => c.Id == crossingId, ct);
        if (crossing is null)
        {
            return null;
        }
        var (from, to) = (span.From, span.To);
        var notices = await db.Notices.AsNoTracking().Where(n => n.CrossingId == crossingId && n.IssuedAt <= to).ToListAsync(ct);
        var trucks = await db.Trucks.AsNoTracking()
            .Where(t => t.CrossingId == crossingId && (
                (t.ExitedAt >= from && t.ExitedAt <= to)
                || (t.EnteredAt >= from && t.EnteredAt <= to)
                || (t.SpoiledAt >= from && t.SpoiledAt <= to)
                // Still in the queue at some moment of the span: arrived before its end and not gone before its start.
                || (t.ArrivedAt <= to && (t.ExitedAt == null || t.ExitedAt >= from) && (t.SpoiledAt == null || t.SpoiledAt >= from)
                    && (t.RejectedAt == null || t.RejectedAt >= from) && (t.CancelledAt == null || t.CancelledAt >= from))))
            .ToListAsync(ct);
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.CrossingId == crossingId && i.LoggedAt >= from && i.LoggedAt <= to).ToListAsync(ct);
        return Of(crossing, notices, trucks, incidents);
    }

    /// <summary>Facts of entities in hand (the demo's, before or after they are stored).</summary>
    public static CrossingFacts Of(Crossing crossing, IEnumerable<Notice> notices, IEnumerable<Truck> trucks, IEnumerable<Incident> incidents) => new(
        crossing.Id,
        [.. crossing.Sides.OrderBy(s => s.Side).Select(Of)],
        [.. notices.Where(n => n.CrossingId == crossing.Id).Select(Of)],
        [.. trucks.Where(t => t.CrossingId == crossing.Id).Select(Of)],
        [.. incidents.Where(i => i.CrossingId == crossing.Id).Select(Of)]);

    public static SideClock Of(CrossingSide s) => new(s.Side, s.TimeZone, s.Hours);

    public static NoticeFact Of(Notice n) =>
        new(n.Id, n.Side, n.GateState, [.. n.Directions], [.. n.AllowedCategories], n.EffectiveFrom, n.IssuedAt, n.Emergency, n.AcknowledgedAt);

    public static TruckFact Of(Truck t) =>
        new(t.Id, t.Direction, t.Category, t.ValueUsd, t.ArrivedAt, t.ExitedAt, t.EnteredAt, t.SpoiledAt, t.RejectedAt ?? t.CancelledAt);

    public static IncidentFact Of(Incident i) =>
        new(i.Id, i.Side, i.Category, i.LoggedAt, [.. i.Responses.OrderBy(r => r.Number).Select(r => new ResponseFact(r.Side, r.Stance, r.RespondedAt))]);
}

/// <summary>Where the audit chain stands for a piece of evidence: its head, and the first entry appended from a moment on.</summary>
public static class EvidenceChain
{
    /// <summary>The chain's head now: its sequence number and hash (0 and the genesis hash for an empty chain).</summary>
    public static async Task<(long Seq, string Hash)> HeadAsync(KhyberDb db, CancellationToken ct)
    {
        var head = await db.AuditHeads.AsNoTracking().SingleAsync(ct);
        return (head.Seq, head.Hash);
    }

    /// <summary>The first entry appended at or after <paramref name="from"/>, up to <paramref name="toSeq"/>; <c>toSeq + 1</c> when there is none.</summary>
    public static async Task<long> FirstFromAsync(KhyberDb db, DateTimeOffset from, long toSeq, CancellationToken ct) =>
        await db.AuditEntries.Where(e => e.At >= from && e.Seq <= toSeq).MinAsync(e => (long?)e.Seq, ct) ?? toSeq + 1;

    /// <summary>The last entry appended at or before <paramref name="at"/>, or 0.</summary>
    public static async Task<long> LastByAsync(KhyberDb db, DateTimeOffset at, CancellationToken ct) =>
        await db.AuditEntries.Where(e => e.At <= at).MaxAsync(e => (long?)e.Seq, ct) ?? 0;

    /// <summary>The hash of entry <paramref name="seq"/> (the genesis hash for 0), or null when there is no such entry.</summary>
    public static async Task<string?> HashOfAsync(KhyberDb db, long seq, CancellationToken ct) =>
        seq == 0 ? Audit.AuditChain.Genesis : await db.AuditEntries.Where(e => e.Seq == seq).Select(e => e.Hash).SingleOrDefaultAsync(ct);
}
