using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notices;

/// <summary>Which notices to list: of one crossing or all; active (scheduled or in force) or not; acknowledged or not.</summary>
/// <remarks>The flags are text, read here rather than bound as bool?, so that "active=maybe" is a problem naming the parameter.</remarks>
public sealed record NoticeQuery(string? Crossing, string? Active, string? Acknowledged);

/// <summary>Notices, newest issued first (ties by id), a page at a time, as anyone may read them.</summary>
/// <remarks>
/// A notice's status is derived from every notice of its crossing, so the page's rows are read in order from the
/// database and each is viewed against all notices of its crossing; <c>active</c> filters those views, and may leave a
/// page short. <c>acknowledged</c> is stored, so it is filtered by the database before the page is cut.
/// </remarks>
public sealed class ListNotices(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<Page<NoticeView>> HandleAsync(NoticeQuery q, PageRequest page, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var isActive = Flag(q.Active, "active", errors);
        var isAcknowledged = Flag(q.Acknowledged, "acknowledged", errors);
        var limit = Paging.Limit(page.Limit, errors);
        Problems.ThrowIfAny(errors);
        var after = Paging.After<TimeKey>(page.After);
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
        if (isAcknowledged is { } acknowledged)
        {
            query = acknowledged ? query.Where(n => n.AcknowledgedAt != null) : query.Where(n => n.AcknowledgedAt == null);
        }
        if (after is not null)
        {
            query = query.Where(n => n.IssuedAt < after.At || (n.IssuedAt == after.At && n.Id.CompareTo(after.Id) < 0));
        }
        var rows = await Paging.ReadAsync(query.OrderByDescending(n => n.IssuedAt).ThenByDescending(n => n.Id), limit, n => new TimeKey(n.IssuedAt, n.Id), ct);
        var crossings = rows.Items.Select(n => n.CrossingId).Distinct().ToList();
        var byCrossing = (await db.Notices.AsNoTracking().Where(n => crossings.Contains(n.CrossingId)).ToListAsync(ct)).ToLookup(n => n.CrossingId);
        var views = rows.Items
            .Select(n => NoticeViews.View(n, byCrossing[n.CrossingId].ToList(), now))
            .Where(v => isActive is null || (v.Status != NoticeStatus.Superseded) == isActive)
            .ToList();
        return new Page<NoticeView>(views, rows.Next);
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
