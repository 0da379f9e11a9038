using Khyber.Domain;
using Khyber.Domain.Notices;

namespace Khyber.Api.Notices;

/// <summary>Keeps each notice's stored status in step with time: scheduled → in force → superseded.</summary>
public static class NoticeLifecycle
{
    /// <summary>Updates the stored status of the notices of one crossing; returns the ones that came into force.</summary>
    public static List<Notice> Apply(IReadOnlyCollection<Notice> sameCrossing, DateTimeOffset now)
    {
        var cameIntoForce = new List<Notice>();
        foreach (var notice in sameCrossing.Where(n => n.Status != NoticeStatus.Superseded))
        {
            var status = GateTimeline.StatusOf(notice, sameCrossing, now, out var by);
            if (status == notice.Status)
            {
                continue;
            }
            if (status != NoticeStatus.Scheduled && notice.InForceAt is null)
            {
                notice.InForceAt = now;
                cameIntoForce.Add(notice);
            }
            if (status == NoticeStatus.Superseded)
            {
                notice.SupersededAt = now;
                notice.SupersededBy = by?.Id;
            }
            notice.Status = status;
        }
        return cameIntoForce;
    }
}
