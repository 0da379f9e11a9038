using System.Collections.Concurrent;
using Khyber.Domain.Crossings;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>Reads of one crossing that several use cases make on their hot paths, translated once and kept compiled.</summary>
public static class CrossingLookups
{
    /// <summary>The crossing with its two sides, untracked; null for no such crossing.</summary>
    public static readonly Func<KhyberDb, string, CancellationToken, Task<Crossing?>> WithSides =
        EF.CompileAsyncQuery((KhyberDb db, string id, CancellationToken ct) =>
            db.Crossings.AsNoTracking().Include(c => c.Sides).SingleOrDefault(c => c.Id == id));

    /// <summary>
    /// Whether the crossing exists. A crossing is never removed, so one found once is known to exist from then on, without
    /// a round trip: a truck's registration, which needs no more of the crossing unless its driver is to get a text, asks
    /// this on every request. A crossing not (yet) found is asked of the database each time.
    /// </summary>
    public static async Task<bool> ExistsAsync(KhyberDb db, string id, CancellationToken ct)
    {
        var key = (db.DatabaseKey, id);
        if (Known.ContainsKey(key))
        {
            return true;
        }
        if (!await ExistsQuery(db, id, ct))
        {
            return false;
        }
        Known.TryAdd(key, 0);
        return true;
    }

    /// <summary>The crossings found to exist, by database (its connection string) and id.</summary>
    private static readonly ConcurrentDictionary<(string Database, string Id), byte> Known = new();

    private static readonly Func<KhyberDb, string, CancellationToken, Task<bool>> ExistsQuery =
        EF.CompileAsyncQuery((KhyberDb db, string id, CancellationToken ct) => db.Crossings.Any(c => c.Id == id));

    /// <summary>The crossing with its sides and its directions' settings, untracked, in one round trip; null for no such crossing.</summary>
    public static readonly Func<KhyberDb, string, CancellationToken, Task<Crossing?>> Whole =
        EF.CompileAsyncQuery((KhyberDb db, string id, CancellationToken ct) =>
            db.Crossings.AsNoTracking().Include(c => c.Sides).Include(c => c.Directions).SingleOrDefault(c => c.Id == id));
}
