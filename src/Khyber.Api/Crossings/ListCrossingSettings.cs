using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>Every crossing's settings, by name: what an administrator looks through before changing one.</summary>
public sealed class ListCrossingSettings(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<List<CrossingSettingsView>> HandleAsync(Actor actor, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayConfigureCrossings(actor), "Crossings' settings are an administrator's; their status is public (GET /api/v1/crossings).");
        var now = time.GetUtcNow();
        var crossings = await db.Crossings.AsNoTracking().Include(c => c.Sides).Include(c => c.Directions).AsSplitQuery().OrderBy(c => c.Name).ToListAsync(ct);
        return [.. crossings.Select(c => CrossingSettings.View(c, now))];
    }
}
