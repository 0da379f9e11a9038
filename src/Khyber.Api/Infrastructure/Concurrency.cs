using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Infrastructure;

/// <summary>Runs a read-decide-write unit in one transaction, and again if a concurrent writer still got there first.</summary>
/// <remarks>
/// By default each attempt holds the audit chain's lock from its first read (<see cref="ChainLock.FromFirstRead"/>), so
/// the unit decides as if it were alone. The units of the reopening rush — registering a truck and the steps of its
/// life, check-in among them — and calling trucks forward read and decide outside it (<see cref="ChainLock.AtAppend"/>) and take it only to number
/// and append (<see cref="KhyberDb.SaveChangesAsync(bool, CancellationToken)"/>). Rows that several callers change at
/// once (a direction's settings and call state, a truck, a notice) carry a version: should another writer change one in
/// between, the update matches nothing, EF raises a concurrency conflict, and the whole unit is re-run on fresh data.
/// So two officers calling at the same instant never get the same truck. A direction's queue numbers are taken at append,
/// in commit order, so check-ins do not collide on the counter they all move.
/// </remarks>
public static class Concurrency
{
    public static async Task<T> RetryAsync<T>(KhyberDb db, Func<CancellationToken, Task<T>> unit, CancellationToken ct, int attempts = 8, ChainLock hold = ChainLock.FromFirstRead)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.InWriteTransactionAsync(unit, ct, hold);
            }
            catch (Exception e) when (attempt < attempts && IsRetryable(e))
            {
                db.ChangeTracker.Clear();
                // Spread the retries so the same callers do not collide again.
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
            }
        }
    }

    /// <summary>
    /// As <see cref="RetryAsync{T}"/>, for units that append a row numbered after the rows before it (a response to an
    /// incident, a report on a commitment): a concurrent writer may take the same number first, and the database's
    /// unique index turns the second away — that writer runs again on fresh data and takes the next number.
    /// </summary>
    /// <remarks>A collision on the request's own Idempotency-Key is not retried: the idempotency filter answers it.</remarks>
    public static async Task<T> RetryNumberedAsync<T>(KhyberDb db, Idempotency idempotency, Func<CancellationToken, Task<T>> unit, CancellationToken ct, int attempts = 8, ChainLock hold = ChainLock.FromFirstRead)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RetryAsync(db, unit, ct, attempts, hold);
            }
            catch (DbUpdateException e) when (attempt < attempts && IsUniqueViolation(e))
            {
                if (await idempotency.AnsweredAsync(db, ct))
                {
                    throw;
                }
                db.ChangeTracker.Clear();
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
            }
        }
    }

    private static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException is Npgsql.PostgresException { SqlState: "23505" } or Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 };

    /// <summary>
    /// A concurrency conflict, a serialization failure or a deadlock — from a save, which Npgsql's execution strategy,
    /// unable to retry inside the unit's transaction, may hand on wrapped as a transient failure, or from a statement the
    /// unit sent itself (locking the chain's head, an advisory lock).
    /// </summary>
    private static bool IsRetryable(Exception e) => e is Npgsql.PostgresException { SqlState: "40001" or "40P01" } || KhyberDb.SaveFailure(e) switch
    {
        DbUpdateConcurrencyException => true,
        { InnerException: Npgsql.PostgresException { SqlState: "40001" or "40P01" } } => true,
        _ => false,
    };
}
