using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Storage;

namespace Khyber.Api.Notices;

/// <summary>The "status" event: a crossing's gates changed.</summary>
public static class StatusEvents
{
    public static void Publish(KhyberDb db, string crossingId, IReadOnlyCollection<Notice> notices, Notice cause, DateTimeOffset now) =>
        Events.Publish(db, EventTypes.Status, crossingId, cause.Side.ToString(), cause.Id.ToString(), new
        {
            crossingId,
            noticeId = cause.Id,
            sides = new[] { Side.PK, Side.AF }.Select(s => new { country = s.ToString(), gateState = GateTimeline.SideState(notices, s, now) }),
            directions = Directions.All.Select(d => new { id = d.Id(), state = GateTimeline.StateOf(notices, d, now).State }),
        }, now);
}
