using Khyber.Api.Crossings;
using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;

namespace Khyber.Api.Trucks;

public sealed record RejectionRequest([property: Required] string? Reason);

/// <summary>An officer of either side turns a truck away, saying why (1–1000 characters).</summary>
public sealed class RejectTruck(KhyberDb db, TimeProvider time, StatusBoard board) : TruckStep(db, time, board), IUseCase
{
    public const int MaxReasonLength = 1000;

    public Task<TruckView> HandleAsync(Actor actor, Guid id, RejectionRequest request, CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            throw Problems.Invalid("reason", $"Say why the truck is rejected (1–{MaxReasonLength} characters).");
        }
        return TakeAsync(actor, id, nameof(RejectTruck), "rejection", Permissions.MayReject, "Only an officer at this crossing rejects a truck.",
            (truck, now, _) => truck.Reject(actor.UserName, reason, now), ct);
    }
}
