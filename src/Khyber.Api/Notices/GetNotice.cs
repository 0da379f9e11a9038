using Khyber.Api.Infrastructure;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notices;

/// <summary>One notice with its status and acknowledgement.</summary>
public sealed class GetNotice(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<NoticeView> HandleAsync(Guid id, CancellationToken ct)
    {
        var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id, ct) ?? throw Problems.NotFound($"No notice {id}.");
        var same = await db.Notices.AsNoTracking().Where(n => n.CrossingId == notice.CrossingId).ToListAsync(ct);
        return NoticeViews.View(notice, same, time.GetUtcNow());
    }
}
