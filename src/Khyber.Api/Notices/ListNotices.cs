using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notices;

/// <summary>Which notices to list: of one crossing or all; active (scheduled or in force) or not; acknowledged or not.</summary>
/// <remarks>The flags are text, read here rather than bound as bool?, so that "active=maybe" is a problem naming the parameter.</remarks>
public sealed record NoticeQuery(string? Crossing, string? Active, string? Acknowledged);

/// <summary>Notices, newest first, as anyone may read them.</summary>
public sealed class ListNotices(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<List<NoticeView>> HandleAsync(NoticeQuery q, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var isActive = Flag(q.Active, "active", errors);
        var isAcknowledged = Flag(q.Acknowledged, "acknowledged", errors);
        Problems.ThrowIfAny(errors);
        var now = time.GetUtcNow();
        var query = db.Notices.AsNoTracking();
        if (q.Crossing is { } crossing)
        {
            if (!await db.Crossings.AnyAsync(c => c.Id == crossing, ct))
            {
                throw Problems.NotFound($"No crossing '{crossing}'.");
            }
            query = query.Where(n => n.CrossingId == crossing);
        }
        var notices = await query.ToListAsync(ct);
        var byCrossing = notices.ToLookup(n => n.CrossingId);
        return notices
            .Select(n => NoticeViews.View(n, byCrossing[n.CrossingId].ToList(), now))
            .Where(v => isActive is null || (v.Status != NoticeStatus.Superseded) == isActive)
            .Where(v => isAcknowledged is null || (v.AcknowledgedAt is not null) == isAcknowledged)
            .OrderByDescending(v => v.IssuedAt)
            .ToList();
    }

    private static bool? Flag(string? text, string name, FieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }
        errors.Require(bool.TryParse(text, out var value), name, "true or false.");
        return value;
    }
}
