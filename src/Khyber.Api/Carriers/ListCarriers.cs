using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Carriers;

/// <summary>Every carrier company, by name, with how many accounts act for it; for administrators.</summary>
public sealed class ListCarriers(KhyberDb db) : IUseCase
{
    public async Task<List<CarrierView>> HandleAsync(Actor actor, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayManageCarriers(actor), "Carrier companies are listed for administrators.");
        var carriers = await db.Carriers.AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(ct);
        var accounts = await db.Users.AsNoTracking().Where(u => u.CarrierId != null).GroupBy(u => u.CarrierId!)
            .Select(g => new { Carrier = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Carrier, x => x.Count, ct);
        return carriers.Select(c => CarrierView.Of(c, accounts.GetValueOrDefault(c.Id))).ToList();
    }
}
