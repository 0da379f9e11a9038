using Khyber.Api.Crossings;
using Khyber.Domain;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Stranded;

/// <summary>Keeps the stranded time series: a point whenever the count changes, and at least every 15 minutes.</summary>
public static class StrandedRecorder
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    /// <summary>Appends a point per direction of the crossing when it differs from the last one, is due, or is forced.</summary>
    public static async Task<int> RecordAsync(KhyberDb db, string crossingId, DateTimeOffset now, bool force, CancellationToken ct)
    {
        var snapshot = await CrossingSnapshot.LoadAsync(db, crossingId, now, ct);
        if (snapshot is null)
        {
            return 0;
        }
        var added = 0;
        foreach (var direction in Directions.All)
        {
            var count = snapshot.Stranded(direction);
            var last = await db.StrandedSnapshots.AsNoTracking()
                .Where(s => s.CrossingId == crossingId && s.Direction == direction)
                .OrderByDescending(s => s.At)
                .FirstOrDefaultAsync(ct);
            var changed = last is null
                || last.Blocked != count.Blocked
                || last.Trucks != count.Trucks
                || last.PerishableTrucks != count.PerishableTrucks
                || last.SpoilingBeforeReopening != count.SpoilingBeforeReopening;
            if (!force && !changed && now - last!.At < Interval)
            {
                continue;
            }
            db.StrandedSnapshots.Add(new StrandedSnapshot
            {
                CrossingId = crossingId,
                Direction = direction,
                At = now,
                Blocked = count.Blocked,
                Trucks = count.Trucks,
                PerishableTrucks = count.PerishableTrucks,
                SpoilingBeforeReopening = count.SpoilingBeforeReopening,
                ValueAtRiskUsd = count.ValueAtRiskUsd,
            });
            added++;
        }
        if (added > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return added;
    }
}
