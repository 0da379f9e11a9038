using Khyber.Api.Infrastructure;
using Khyber.Api.Queue;
using Khyber.Domain;
using Khyber.Domain.Crossings;
using Khyber.Domain.Notices;
using Khyber.Storage;

namespace Khyber.Api.Crossings;

/// <summary>
/// Why a crossing's status changed: a notice came into force, trucks were called, a direction's lanes, capacity or queue
/// policy changed, a side's gate hours or clock changed, or an administrator created the crossing.
/// </summary>
public enum StatusReason
{
    Notice,
    Call,
    Lanes,
    Hours,
    Created,
}

/// <summary>One side's gate in a <see cref="StatusEvent"/>: its most restrictive state over both directions.</summary>
public sealed record SideGateView(string Country, GateState GateState);

/// <summary>One direction in a <see cref="StatusEvent"/>: the combined state of both gates, and its lanes.</summary>
public sealed record DirectionStatusView(string Id, GateState State, int LanesOpen, int LanesMax, double CapacityPerHour);

/// <summary>
/// The body of every <c>status</c> event — whatever changed, the crossing's gates and directions as they now are, so a
/// listener can redraw from the event alone; <c>noticeId</c>, <c>direction</c> and <c>called</c> say what caused it, and
/// <c>call</c> (of a call forward) is the call as the public call log shows it: its number and the trucks it took, plates masked.
/// </summary>
/// <remarks>
/// Queue counts and estimates are not in it: they are computed after the change commits, once (<see cref="StatusBoard"/>),
/// and a page fetches them as one small cached fragment of its region rather than computing in the writer's transaction.
/// </remarks>
public sealed record StatusEvent(
    string CrossingId,
    StatusReason Reason,
    Guid? NoticeId,
    string? Direction,
    int? Called,
    IReadOnlyList<SideGateView> Sides,
    IReadOnlyList<DirectionStatusView> Directions,
    CallView? Call = null)
{
    /// <summary>Adds the event to the outbox, to be saved with the change it reports.</summary>
    public static void Publish(
        KhyberDb db, Crossing crossing, IReadOnlyCollection<Notice> notices, StatusReason reason, Side? side, DateTimeOffset now,
        Notice? notice = null, Direction? direction = null, int? called = null, CallView? call = null)
    {
        var data = new StatusEvent(
            crossing.Id,
            reason,
            notice?.Id,
            direction?.Id(),
            called,
            [.. new[] { Side.PK, Side.AF }.Select(s => new SideGateView(s.ToString(), GateTimeline.SideState(notices, s, now)))],
            [.. Khyber.Domain.Directions.All.Select(d =>
            {
                var config = crossing.DirectionOf(d);
                return new DirectionStatusView(d.Id(), GateTimeline.StateOf(notices, d, now).State, config.LanesOpen, config.LanesMax, config.CapacityPerHour);
            })],
            call);
        Events.Publish(db, EventTypes.Status, crossing.Id, side?.ToString(), notice?.Id.ToString(), data, now);
    }
}
