using Khyber.Api.Crossings;
using Khyber.Api.Notices;
using Khyber.Api.Pages.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khyber.Api.Pages.Status;

/// <summary>The public status board: every crossing and direction, read from the public API.</summary>
public sealed class IndexModel(ApiCall api, TimeProvider time) : PageModel
{
    public IReadOnlyList<CrossingView> Crossings { get; private set; } = [];

    public Dictionary<string, StrandedView> Stranded { get; } = [];

    public IReadOnlyList<NoticeView> Unacknowledged { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync()
    {
        Now = time.GetUtcNow();
        Crossings = await api.GetAsync<List<CrossingView>>("ListCrossings");
        foreach (var crossing in Crossings)
        {
            Stranded[crossing.Id] = await api.GetAsync<StrandedView>("GetStranded", new { id = crossing.Id });
        }
        Unacknowledged = await api.GetAsync<List<NoticeView>>("ListNotices", query: new Dictionary<string, string?> { ["active"] = "true", ["acknowledged"] = "false" });
    }
}
