using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Audit;

/// <summary>
/// Audit entries after a sequence number, oldest first, with the hashes that chain them: for the liaisons of both
/// sides and administrators.
/// </summary>
/// <remarks>
/// The cursor here is the plain sequence number (the contract's <c>after</c>), not an opaque key: the chain is
/// numbered without gaps, so a client may also start anywhere it likes.
/// </remarks>
public sealed class ListAudit(KhyberDb db) : IUseCase
{
    public const int DefaultLimit = 500;

    public const int MaxLimit = 5000;

    public async Task<Page<AuditEntryView>> HandleAsync(Actor actor, long? after, int? limit, CancellationToken ct)
    {
        var take = Paging.Limit(limit, DefaultLimit, MaxLimit);
        AuthSetup.Require(Permissions.MayReadAudit(actor), "The audit log is read by the liaisons of both sides and administrators.");
        var from = after ?? 0;
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Seq > from).OrderBy(e => e.Seq).Take(take + 1).ToListAsync(ct);
        string? next = null;
        if (entries.Count > take)
        {
            entries.RemoveAt(take);
            next = entries[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return new Page<AuditEntryView>([.. entries.Select(AuditEndpoints.View)], next);
    }
}
