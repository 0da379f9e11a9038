using Khyber.Api.Crossings;
using Khyber.Api.Notices;
using Khyber.Api.Users;
using Khyber.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khyber.Api.Pages.Status;

/// <summary>The public status board: every crossing and direction, read through the same use cases as the public API.</summary>
public sealed class IndexModel(ListCrossings listCrossings, GetStranded getStranded, ListNotices listNotices, TimeProvider time, FirstStart firstStart, KhyberDb db, IConfiguration config) : PageModel
{
    /// <summary>While the installation has no administrator: the command that creates the first one.</summary>
    public string? FirstStartCommand { get; private set; }

    public IReadOnlyList<CrossingView> Crossings { get; private set; } = [];

    public Dictionary<string, StrandedView> Stranded { get; } = [];

    public IReadOnlyList<NoticeView> Unacknowledged { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Now = time.GetUtcNow();
        FirstStartCommand = await firstStart.NeedsAdministratorAsync(db, ct) ? FirstStart.Command(config) : null;
        Crossings = await listCrossings.HandleAsync(ct);
        foreach (var crossing in Crossings)
        {
            Stranded[crossing.Id] = await getStranded.HandleAsync(crossing.Id, ct);
        }
        Unacknowledged = await listNotices.HandleAsync(new NoticeQuery(null, Active: "true", Acknowledged: "false"), ct);
    }
}
