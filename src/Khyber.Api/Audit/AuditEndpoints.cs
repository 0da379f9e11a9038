using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Khyber.Storage.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
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
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization();
        group.MapGet("/", async Task<Ok<List<AuditEntryView>>> (long? after, int? limit, HttpContext http, ListAudit list, CancellationToken ct) =>
                Paging.Answer(http, await list.HandleAsync(http.User.Actor(), after, limit, ct), limit))
            .Paged()
            .WithName(nameof(ListAudit))
            .WithSummary("Audit entries after a sequence number, oldest first, with the hashes that chain them (500 a page by default, at most 5000).")
            .Refuses(400, 401, 403, 422);
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
