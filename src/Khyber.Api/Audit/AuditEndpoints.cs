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
            .WithSummary("Audit entries after a sequence number, oldest first, with the hashes that chain them (a page at a time).")
            .Refuses(400, 401, 403);
        group.MapGet("/verification", async (HttpContext http, KhyberDb db, CancellationToken ct) =>
            {
                AuthSetup.Require(Permissions.MayReadAudit(http.User.Actor()), "The audit log is read by the liaisons of both sides and administrators.");
                var result = await AuditLog.VerifyAsync(db, ct);
                return TypedResults.Ok(new AuditVerificationView(result.Valid, result.Entries, result.HeadHash, result.FirstBadSeq, result.Problem));
            })
            .WithName("VerifyAudit")
            .WithSummary("Recomputes every hash of the chain and says whether it is intact, or the first entry that does not verify.")
            .Refuses(401, 403);
        return app;
    }

    public static AuditEntryView View(AuditEntry e) =>
        new(e.Seq, e.At, e.Actor, e.Side, e.Action, e.Subject, e.Hash, e.PreviousHash, e.PayloadHash, e.Payload);
}
