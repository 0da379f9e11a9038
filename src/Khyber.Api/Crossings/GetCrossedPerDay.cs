using Khyber.Api.Infrastructure;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>How many trucks left through a crossing's gates on one day (UTC), either direction.</summary>
public sealed record CrossedDayView(DateOnly Day, int Exited);

/// <summary>
/// Trucks that left through a crossing's gates on each of the last days (UTC), today included: counted by the
/// database day by day, so the figure is every exit recorded, never a sample of the latest rows.
/// </summary>
public sealed class GetCrossedPerDay(KhyberDb db, TimeProvider time) : IUseCase
{
    public const int MaxDays = 92;

    public async Task<List<CrossedDayView>> HandleAsync(string crossingId, int? days, CancellationToken ct)
    {
        var count = days ?? 7;
        if (count is < 1 or > MaxDays)
        {
            throw Problems.Invalid("days", $"From 1 to {MaxDays} days.");
        }
        if (!await db.Crossings.AnyAsync(c => c.Id == crossingId, ct))
        {
            throw Problems.NotFound($"No crossing '{crossingId}'.");
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var result = new List<CrossedDayView>(count);
        for (var day = today.AddDays(1 - count); day <= today; day = day.AddDays(1))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var end = start.AddDays(1);
            // A truck that exited stays counted once it has entered the other side (its exit time is kept).
            var exited = await db.Trucks.CountAsync(
                t => t.CrossingId == crossingId && t.ExitedAt >= start && t.ExitedAt < end && (t.Status == TruckStatus.Exited || t.Status == TruckStatus.Entered), ct);
            result.Add(new CrossedDayView(day, exited));
        }
        return result;
    }
}
