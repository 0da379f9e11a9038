using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>The trucks stranded now in each direction of a crossing: perishables, those spoiling before the expected reopening, value at risk.</summary>
public sealed class GetStranded(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<StrandedView> HandleAsync(string id, CancellationToken ct)
    {
        var snapshot = await CrossingSnapshot.LoadAsync(db, id, time.GetUtcNow(), ct) ?? throw Problems.NotFound($"No crossing '{id}'.");
        return CrossingViews.Stranded(snapshot);
    }
}
