using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Carriers;

/// <summary>Applications for carrier access, newest first, optionally only those of one status; for administrators.</summary>
public sealed class ListCarrierApplications(KhyberDb db) : IUseCase
{
    public async Task<List<CarrierApplicationView>> HandleAsync(Actor actor, string? status, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayManageCarriers(actor), "Applications are read by administrators.");
        var query = db.CarrierApplications.AsNoTracking();
        if (status is not null)
        {
            if (!Kebab.TryParse<ApplicationStatus>(status, out var wanted))
            {
                throw Problems.Invalid("status", $"One of {Kebab.Words<ApplicationStatus>()}.");
            }
            query = query.Where(a => a.Status == wanted);
        }
        var applications = await query.OrderByDescending(a => a.SubmittedAt).ThenBy(a => a.Id).ToListAsync(ct);
        return applications.Select(CarrierApplicationView.Of).ToList();
    }
}
