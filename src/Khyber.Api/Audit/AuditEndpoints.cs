using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Khyber.Storage.Audit;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Audit;

public sealed record AuditEntryView(
    long Seq,
    DateTimeOffset At,
    string Actor,
    string? Side,
    string Action,
    string Subject,
    string Hash,
    string PreviousHash,
    string PayloadHash,
    string Payload);

public sealed record AuditVerificationView(bool Valid, long Entries, string HeadHash, long? FirstBadSeq, string? Problem);

public static class AuditEndpoints
{
    public const int PageSize = 500;

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization();
        group.MapGet("/", async (long? after, int? limit, HttpContext http, KhyberDb db, CancellationToken ct) =>
            {
                AuthSetup.Require(Permissions.MayReadAudit(http.User.Actor()), "The audit log is read by the liaisons of both sides and administrators.");
                var take = Math.Clamp(limit ?? PageSize, 1, 5000);
                var from = after ?? 0;
                var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Seq > from).OrderBy(e => e.Seq).Take(take).ToListAsync(ct);
                return TypedResults.Ok(entries.Select(View).ToList());
            })
            .WithName("ListAudit")
            .WithSummary("Audit entries after a sequence number, oldest first, with the hashes that chain them (a page at a time).");
        group.MapGet("/verification", async (HttpContext http, KhyberDb db, CancellationToken ct) =>
            {
                AuthSetup.Require(Permissions.MayReadAudit(http.User.Actor()), "The audit log is read by the liaisons of both sides and administrators.");
                var result = await VerifyAsync(db, ct);
                return TypedResults.Ok(new AuditVerificationView(result.Valid, result.Entries, result.HeadHash, result.FirstBadSeq, result.Problem));
            })
            .WithName("VerifyAudit")
            .WithSummary("Recomputes every hash of the chain and says whether it is intact, or the first entry that does not verify.");
        return app;
    }

    public static AuditEntryView View(AuditEntry e) =>
        new(e.Seq, e.At, e.Actor, e.Side, e.Action, e.Subject, e.Hash, e.PreviousHash, e.PayloadHash, e.Payload);

    /// <summary>Walks the whole chain in pages, so a long log is checked without loading it at once.</summary>
    public static async Task<AuditVerification> VerifyAsync(KhyberDb db, CancellationToken ct)
    {
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(ct);
        return AuditChain.Verify(Pages(db, ct).ToBlockingEnumerable(ct), head);
    }

    private static async IAsyncEnumerable<AuditEntry> Pages(KhyberDb db, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // Ordered by sequence, with no gaps assumed: a missing or extra entry is exactly what verification must see.
        var offset = 0;
        while (true)
        {
            var page = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).Skip(offset).Take(2000).ToListAsync(ct);
            foreach (var entry in page)
            {
                yield return entry;
            }
            if (page.Count < 2000)
            {
                yield break;
            }
            offset += page.Count;
        }
    }
}
