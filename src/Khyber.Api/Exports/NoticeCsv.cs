using CsvHelper;
using Khyber.Domain;
using Khyber.Domain.Exports;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Exports;

/// <summary>The notices export: every notice of the crossing issued in the range, oldest first, as it was issued and acknowledged.</summary>
/// <remarks>A notice's status (scheduled, in force, superseded) is derived at the moment asked; it is read from the API, not exported.</remarks>
public static class NoticeCsv
{
    public static async Task WriteAsync(KhyberDb db, string crossingId, ExportRequest r, CrossingClocks clocks, CsvWriter csv, CancellationToken ct)
    {
        var (start, end) = (r.Start, r.End);
        var notices = db.Notices.AsNoTracking()
            .Where(n => n.CrossingId == crossingId && n.IssuedAt >= start && n.IssuedAt < end)
            .OrderBy(n => n.IssuedAt).ThenBy(n => n.Id);
        csv.WriteHeader([.. Columns(clocks)]);
        await foreach (var n in notices.AsAsyncEnumerable().WithCancellation(ct))
        {
            csv.WriteField(n.Id.ToString());
            csv.WriteField(n.CrossingId);
            csv.WriteField(n.Side.ToString());
            csv.WriteField(Kebab.Word(n.GateState.ToString()));
            csv.WriteField(string.Join(' ', n.Directions.Select(d => d.Id())));
            csv.WriteField(string.Join(' ', n.AllowedCategories.Select(c => Kebab.Word(c.ToString()))));
            csv.WriteField(Kebab.Word(n.ReasonCategory.ToString()));
            csv.WriteField(n.Reason);
            csv.WriteField(n.Emergency);
            csv.WriteField(n.EmergencyJustification);
            clocks.Write(csv, n.EffectiveFrom);
            clocks.Write(csv, n.ExpectedUntil);
            clocks.Write(csv, n.IssuedAt);
            csv.WriteField(n.IssuedBy);
            clocks.Write(csv, n.AcknowledgedAt);
            csv.WriteField(n.AcknowledgedBy);
            clocks.Write(csv, n.EscalatedAt);
            csv.WriteField(string.Join(' ', n.CitedIncidents.OrderBy(c => c.Position).Select(c => c.IncidentId)));
            csv.WriteField(string.Join(' ', n.CitedCommitments.OrderBy(c => c.Position).Select(c => c.CommitmentId)));
            await csv.EndRecordAsync(ct);
        }
    }

    public static IEnumerable<string> Columns(CrossingClocks clocks) =>
    [
        "id", "crossing_id", "side", "gate_state", "directions", "allowed_categories", "reason_category", "reason", "emergency", "emergency_justification",
        .. clocks.Columns("effective_from"), .. clocks.Columns("expected_until"), .. clocks.Columns("issued_at"), "issued_by",
        .. clocks.Columns("acknowledged_at"), "acknowledged_by", .. clocks.Columns("escalated_at"), "incident_ids", "commitment_ids",
    ];
}
