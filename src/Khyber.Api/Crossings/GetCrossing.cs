using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>One crossing's public status: gates, directions, lanes, waiting and stranded trucks, estimated waits.</summary>
public sealed class GetCrossing(KhyberDb db, TimeProvider time, StatusCache cache) : IUseCase
{
    public Task<CrossingView> HandleAsync(string id, CancellationToken ct) =>
        cache.GetAsync("crossing:" + id, async () =>
            CrossingViews.View(await CrossingSnapshot.LoadAsync(db, id, time.GetUtcNow(), ct) ?? throw Problems.NotFound($"No crossing '{id}'.")));
}
