using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>Meetings, latest first, with delegations and topics; anyone may read them.</summary>
public sealed class ListMeetings(KhyberDb db) : IUseCase
{
    public const int Limit = 1000;

    public async Task<List<MeetingView>> HandleAsync(CancellationToken ct)
    {
        var meetings = await db.Meetings.AsNoTracking().OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.RecordedAt).Take(Limit).ToListAsync(ct);
        return meetings.Select(MeetingViews.View).ToList();
    }
}
