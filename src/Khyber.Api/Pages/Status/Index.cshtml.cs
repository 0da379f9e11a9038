using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Api.Pages.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khyber.Api.Pages.Status;

/// <summary>The public status board: every crossing and direction, read through the same use cases as the public API.</summary>
public sealed class IndexModel(ListCrossings listCrossings, GetStranded getStranded, ListNotices listNotices, TimeProvider time) : PageModel
{
    public IReadOnlyList<CrossingView> Crossings { get; private set; } = [];

    public Dictionary<string, StrandedView> Stranded { get; } = [];

    public IReadOnlyList<NoticeView> Unacknowledged { get; private set; } = [];

    /// <summary>Where the list of unacknowledged notices goes on, if it does.</summary>
    public MoreLink MoreUnacknowledged { get; private set; } = new("after", null, "unacknowledged-heading");

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(string? after)
    {
        var ct = HttpContext.RequestAborted;
        Now = time.GetUtcNow();
        Crossings = await listCrossings.HandleAsync(ct);
        foreach (var crossing in Crossings)
        {
            Stranded[crossing.Id] = await getStranded.HandleAsync(crossing.Id, ct);
        }
        var page = await listNotices.HandleAsync(new NoticeQuery(null, Active: "true", Acknowledged: "false"), new PageRequest(after), ct);
        Unacknowledged = page.Items;
        MoreUnacknowledged = MoreUnacknowledged with { Next = page.Next };
    }
}
