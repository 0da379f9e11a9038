using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>One meeting with its delegations and topics.</summary>
public sealed class GetMeeting(KhyberDb db) : IUseCase
{
    public async Task<MeetingView> HandleAsync(Guid id, CancellationToken ct) =>
        MeetingViews.View(await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw Problems.NotFound($"No meeting {id}."));
}
