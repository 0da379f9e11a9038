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

    /// <summary>The crossing with its sides and its directions' settings, untracked, in one round trip; null for no such crossing.</summary>
    public static readonly Func<KhyberDb, string, CancellationToken, Task<Crossing?>> Whole =
        EF.CompileAsyncQuery((KhyberDb db, string id, CancellationToken ct) =>
            db.Crossings.AsNoTracking().Include(c => c.Sides).Include(c => c.Directions).SingleOrDefault(c => c.Id == id));
}
