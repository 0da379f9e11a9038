using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Khyber.Api.Queue;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khyber.Api.Pages.Calls;

/// <summary>
/// The public call log of a direction, page by page, through the same use case as the API: every call, the trucks it
/// took (plates masked) and the rule that chose each — so that anyone can check a place in the queue.
/// </summary>
public sealed class IndexModel(ListCalls listCalls, ListCrossings listCrossings) : PageModel
{
    public string CrossingId { get; private set; } = "";

    public string CrossingName { get; private set; } = "";

    public string Direction { get; private set; } = "";

    public IReadOnlyList<CallView> Calls { get; private set; } = [];

    public MoreLink More { get; private set; } = new("after", null, "calls-heading");

    public async Task<IActionResult> OnGetAsync(string crossing, string direction, string? after)
    {
        var ct = HttpContext.RequestAborted;
        try
        {
            var page = await listCalls.HandleAsync(crossing, direction, new PageRequest(after), ct);
            Calls = page.Items;
            More = More with { Next = page.Next };
        }
        catch (Exception e) when (Problems.Of(e) is { } refusal)
        {
            // No such crossing or direction, or a cursor that is not this list's: the page answers as the API does.
            return StatusCode(refusal.Status);
        }
        CrossingId = crossing;
        CrossingName = (await listCrossings.HandleAsync(ct)).FirstOrDefault(c => c.Id == crossing)?.Name ?? crossing;
        Direction = direction.ToUpperInvariant();
        return Page();
    }
}
