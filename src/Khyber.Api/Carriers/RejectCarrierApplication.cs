using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Carriers;

/// <summary>Why an application is refused, in words the company will be told.</summary>
public sealed record RejectionRequest([property: Required] string? Reason);

/// <summary>An administrator rejects a company's application, saying why; nothing is registered.</summary>
public sealed class RejectCarrierApplication(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<CarrierApplicationView> HandleAsync(Actor actor, Guid id, RejectionRequest r, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayManageCarriers(actor), "Applications are decided by an administrator.");
        var errors = new FieldErrors();
        var reason = CarrierRules.RejectionReason(r.Reason, errors);
        db.Acting(actor, nameof(RejectCarrierApplication), $"carrier-applications/{id}");
        return await Concurrency.RetryAsync(db, async token =>
        {
            var application = await db.CarrierApplications.SingleOrDefaultAsync(a => a.Id == id, token)
                ?? throw Problems.NotFound($"No application '{id}'.");
            Problems.ThrowIfAny(errors);
            if (application.Status != ApplicationStatus.Pending)
            {
                throw Problems.Conflict($"This application was already {Kebab.Word(application.Status.ToString())} by {application.DecidedBy}.");
            }
            application.Status = ApplicationStatus.Rejected;
            application.DecidedAt = time.GetUtcNow();
            application.DecidedBy = actor.UserName;
            application.RejectionReason = reason;
            await db.SaveChangesAsync(token);
            return CarrierApplicationView.Of(application);
        }, ct);
    }
}
