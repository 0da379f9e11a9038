using CsvHelper;
using Khyber.Domain;
using Khyber.Domain.Exports;
using Khyber.Domain.Incidents;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Exports;

/// <summary>The incidents export: every incident at the crossing that occurred in the range, oldest first, casualties in a column per side and kind.</summary>
public static class IncidentCsv
{
    private static readonly (Side Side, CasualtyKind Kind)[] CasualtyColumns =
        [(Side.PK, CasualtyKind.Personnel), (Side.PK, CasualtyKind.Civilian), (Side.AF, CasualtyKind.Personnel), (Side.AF, CasualtyKind.Civilian)];

    public static async Task WriteAsync(KhyberDb db, string crossingId, ExportRequest r, CrossingClocks clocks, CsvWriter csv, CancellationToken ct)
    {
        var (start, end) = (r.Start, r.End);
        var incidents = db.Incidents.AsNoTracking()
            .Where(i => i.CrossingId == crossingId && i.OccurredAt >= start && i.OccurredAt < end)
            .OrderBy(i => i.OccurredAt).ThenBy(i => i.Id);
        csv.WriteHeader([.. Columns(clocks)]);
        await foreach (var i in incidents.AsAsyncEnumerable().WithCancellation(ct))
        {
            csv.WriteField(i.Id.ToString());
            csv.WriteField(i.CrossingId);
            csv.WriteField(i.Side.ToString());
            csv.WriteField(Kebab.Word(i.Category.ToString()));
            clocks.Write(csv, i.OccurredAt);
            csv.WriteField(i.Description);
            foreach (var (side, kind) in CasualtyColumns)
            {
                var line = i.Casualties.FirstOrDefault(c => c.Side == side && c.Kind == kind);
                csv.WriteField(line?.Killed ?? 0);
                csv.WriteField(line?.Injured ?? 0);
            }
            clocks.Write(csv, i.LoggedAt);
            csv.WriteField(i.LoggedBy);
            csv.WriteField(i.Stance is { } stance ? Kebab.Word(stance.ToString()) : null);
            csv.WriteField(i.Responses.Count);
            await csv.EndRecordAsync(ct);
        }
    }

    public static IEnumerable<string> Columns(CrossingClocks clocks) =>
    [
        "id", "crossing_id", "reporting_side", "category", .. clocks.Columns("occurred_at"), "description",
        .. CasualtyColumns.SelectMany(c => new[] { $"{c.Side.ToString().ToLowerInvariant()}_{Kebab.Word(c.Kind.ToString())}_killed", $"{c.Side.ToString().ToLowerInvariant()}_{Kebab.Word(c.Kind.ToString())}_injured" }),
        .. clocks.Columns("logged_at"), "logged_by", "stance", "responses",
    ];
}
