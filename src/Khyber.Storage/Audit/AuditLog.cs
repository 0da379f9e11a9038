using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Storage.Audit;

/// <summary>Reading and checking the audit log of a database — one place for the server and the command line.</summary>
public static class AuditLog
{
    private const int Page = 2000;

    /// <summary>Every entry in sequence order, a page at a time (each page starts after the last sequence read).</summary>
    public static async IAsyncEnumerable<AuditEntry> ReadAsync(KhyberDb db, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = long.MinValue;
        while (true)
        {
            var page = await db.AuditEntries.AsNoTracking().Where(e => e.Seq > after).OrderBy(e => e.Seq).Take(Page).ToListAsync(ct);
            foreach (var entry in page)
            {
                yield return entry;
            }
            if (page.Count < Page)
            {
                yield break;
            }
            after = page[^1].Seq;
        }
    }

    /// <summary>Recomputes every hash of the chain and checks it ends at the recorded head.</summary>
    public static async Task<AuditVerification> VerifyAsync(KhyberDb db, CancellationToken ct)
    {
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(ct);
        return await AuditChain.VerifyAsync(ReadAsync(db, ct), head, ct);
    }
}
