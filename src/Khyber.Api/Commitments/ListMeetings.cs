using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>Meetings, latest held first (then latest recorded, then by id), a page at a time, with delegations and topics; anyone may read them.</summary>
public sealed class ListMeetings(KhyberDb db) : IUseCase
{
    public async Task<Page<MeetingView>> HandleAsync(PageRequest page, CancellationToken ct)
    {
        var limit = Paging.Limit(page.Limit);
        var after = Paging.After<DayKey>(page.After);
        var query = db.Meetings.AsNoTracking();
        if (after is not null)
        {
            query = query.Where(m => m.HeldOn < after.Day
                || (m.HeldOn == after.Day && (m.RecordedAt < after.At || (m.RecordedAt == after.At && m.Id.CompareTo(after.Id) < 0))));
        }
        var meetings = await Paging.ReadAsync(
            query.OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.RecordedAt).ThenByDescending(m => m.Id), limit, m => new DayKey(m.HeldOn, m.RecordedAt, m.Id), ct);
        return meetings.Select(MeetingViews.View);
    }
}
