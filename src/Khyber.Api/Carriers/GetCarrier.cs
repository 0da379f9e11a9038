using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Carriers;

/// <summary>One carrier company; for administrators.</summary>
public sealed class GetCarrier(KhyberDb db) : IUseCase
{
    public async Task<CarrierView> HandleAsync(Actor actor, string id, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayManageCarriers(actor), "Carrier companies are read by administrators.");
        var carrier = await db.Carriers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw Problems.NotFound($"No carrier company '{id}'.");
        return CarrierView.Of(carrier, await db.Users.CountAsync(u => u.CarrierId == id, ct));
    }
}
