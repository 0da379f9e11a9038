using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Carriers;

/// <summary>One application for carrier access; for administrators.</summary>
public sealed class GetCarrierApplication(KhyberDb db) : IUseCase
{
    public async Task<CarrierApplicationView> HandleAsync(Actor actor, Guid id, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayManageCarriers(actor), "Applications are read by administrators.");
        var application = await db.CarrierApplications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw Problems.NotFound($"No application '{id}'.");
        return CarrierApplicationView.Of(application);
    }
}
