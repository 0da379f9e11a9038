using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>Every crossing with the state of each gate and direction, queues and estimated waits: the public status.</summary>
/// <remarks>Shared for a moment by every reader (<see cref="StatusCache"/>): on the day a crossing reopens thousands ask at once.</remarks>
public sealed class ListCrossings(KhyberDb db, TimeProvider time, StatusCache cache) : IUseCase
{
    public Task<List<CrossingView>> HandleAsync(CancellationToken ct) =>
        cache.GetAsync("all", async () => (await CrossingSnapshot.LoadAllAsync(db, time.GetUtcNow(), ct)).Select(CrossingViews.View).ToList());
}
