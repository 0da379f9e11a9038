using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Infrastructure;

/// <summary>Runs a read-decide-write unit again when a concurrent writer got there first.</summary>
/// <remarks>
/// Rows that several callers change at once (a direction's queue, a truck, a notice) carry a version;
/// the losing writer's update matches nothing, EF raises a concurrency conflict, and the whole unit
/// is re-run on fresh data. So two officers calling at the same instant never get the same truck.
/// </remarks>
public static class Concurrency
{
    public static async Task<T> RetryAsync<T>(KhyberDb db, Func<CancellationToken, Task<T>> unit, CancellationToken ct, int attempts = 8)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await unit(ct);
            }
            catch (DbUpdateException e) when (attempt < attempts && IsRetryable(e))
            {
                db.ChangeTracker.Clear();
                // Spread the retries so the same callers do not collide again.
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
            }
        }
    }

    private static bool IsRetryable(DbUpdateException e) =>
        e is DbUpdateConcurrencyException
        || e.InnerException is Npgsql.PostgresException { SqlState: "40001" or "40P01" };
}
