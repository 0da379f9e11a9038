using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>One crossing's settings as an administrator sets them, with when it operates.</summary>
public sealed class GetCrossingSettings(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<CrossingSettingsView> HandleAsync(Actor actor, string id, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayAdminister(actor), "A crossing's settings are an administrator's; its status is public (GET /api/v1/crossings/{id}).");
        var crossing = await CrossingLookups.Whole(db, id, ct)
            ?? throw Problems.NotFound($"No crossing '{id}'.");
        return CrossingSettings.View(crossing, time.GetUtcNow());
    }
}
