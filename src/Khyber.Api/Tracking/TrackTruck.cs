using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Sms;
using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tracking;

/// <summary>The state of the truck's direction: the combined gates, why, and when it is expected to end.</summary>
public sealed record TrackedDirectionView(GateState State, DateTimeOffset? Since, ReasonCategory? ReasonCategory, string? Reason, DateTimeOffset? ExpectedUntil);

/// <summary>A notice of either side's gate that covers the truck's direction and is in force or scheduled.</summary>
public sealed record TrackedNoticeView(string Side, GateState GateState, ReasonCategory ReasonCategory, string? Reason, DateTimeOffset EffectiveFrom, DateTimeOffset? ExpectedUntil, NoticeStatus Status);

/// <summary>
/// What anyone holding a tracking code sees: the truck's state, place and estimate, its direction's state and notices —
/// and nothing personal: no driver, no phone, no carrier, no value, only the plate's last three characters.
/// </summary>
public sealed record TrackView(
    string Code,
    string PlateEnding,
    string CrossingId,
    string CrossingName,
    string Direction,
    CargoCategory Category,
    TruckStatus Status,
    int? Position,
    DateTimeOffset? EstimatedCallAt,
    DateTimeOffset? CalledAt,
    DateTimeOffset? ReportBy,
    TrackedDirectionView DirectionState,
    List<TrackedNoticeView> Notices,
    DateTimeOffset AsOf);

/// <summary>A registration by its tracking code, for the login-free page <c>/t/{code}</c> and <c>GET /api/v1/track/{code}</c>.</summary>
/// <remarks>
/// A code that is malformed or unknown is simply not found: the answer never says which. Rate-limited per address
/// (<see cref="RateLimits.Tracking"/>), so codes cannot be tried in bulk.
/// </remarks>
public sealed class TrackTruck(KhyberDb db, StatusBoard board, RateLimits limits) : IUseCase
{
    /// <summary>Most notices shown: the ones in force on each side and what is scheduled next.</summary>
    public const int MaxNotices = 4;

    public async Task<TrackView> HandleAsync(string code, string address, CancellationToken ct)
    {
        limits.Tracking(address);
        var normalized = TrackingCode.Normalize(code);
        var truck = normalized is null ? null : await db.Trucks.AsNoTracking().SingleOrDefaultAsync(t => t.TrackingCode == normalized, ct);
        if (truck is null)
        {
            throw Problems.NotFound("No registration has this tracking code.");
        }
        var status = (await board.GetAsync(db, truck.CrossingId, ct))!;
        var snapshot = status.Snapshot;
        // The status as it was computed, shared by every watcher: "as of" is when.
        var now = snapshot.Now;
        var slot = truck.InQueue ? status.PositionOf(truck) : null;
        var state = snapshot.StateOf(truck.Direction);
        var notices = snapshot.Notices
            .Where(n => n.Covers(truck.Direction))
            .Select(n => (Notice: n, Status: GateTimeline.StatusOf(n, snapshot.Notices, now, out _)))
            .Where(n => n.Status != NoticeStatus.Superseded)
            .OrderByDescending(n => n.Notice.EffectiveFrom)
            .Take(MaxNotices)
            .Select(n => new TrackedNoticeView(n.Notice.Side.ToString(), n.Notice.GateState, n.Notice.ReasonCategory, n.Notice.Reason, n.Notice.EffectiveFrom, n.Notice.ExpectedUntil, n.Status))
            .ToList();
        return new TrackView(
            truck.TrackingCode,
            truck.Plate.Length <= 3 ? truck.Plate : truck.Plate[^3..],
            truck.CrossingId,
            snapshot.Crossing.Name,
            truck.Direction.Id(),
            truck.Category,
            truck.Status,
            slot?.Position,
            slot?.EstimatedCallAt,
            truck.Status == TruckStatus.Called ? truck.CalledAt : null,
            truck.Status == TruckStatus.Called ? DriverMessages.NoShowDeadline(truck, snapshot.Crossing) : null,
            new TrackedDirectionView(state.State, state.Since, state.Cause?.ReasonCategory, state.Cause?.Reason, state.ExpectedUntil),
            notices,
            now);
    }
}
