using System.Globalization;
using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Khyber.Api.Queue;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khyber.Api.Pages.Live;

/// <summary>
/// One call of the public call log, alone: what an open call log fetches when a <c>status</c> event reports a call of its
/// direction. A call never changes once made, so it is rendered once per language (<see cref="LiveFragments"/>).
/// </summary>
public sealed class CallModel(ListCalls listCalls, LiveFragments fragments, PublicCaching caching) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string crossing, string direction, string number)
    {
        // Read here rather than constrained in the route, so that a malformed number is simply not found.
        if (!long.TryParse(number, System.Globalization.NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n == long.MaxValue)
        {
            return NotFound();
        }
        CallView? call;
        try
        {
            // The page of one call that starts just after the number asked: that call, if it exists.
            var page = await listCalls.HandleAsync(crossing, direction, new PageRequest(Paging.Cursor(new CallKey(n + 1)), 1), HttpContext.RequestAborted);
            call = page.Items.FirstOrDefault(c => c.Number == n);
        }
        catch (Exception e) when (Problems.Of(e) is { } refusal)
        {
            return StatusCode(refusal.Status);
        }
        if (call is null)
        {
            return NotFound();
        }
        var version = Validators.OfText($"{call.Id}|{CultureInfo.CurrentUICulture.Name}|call");
        Response.Headers.Vary = "Accept-Language, Cookie";
        if (caching.NotModified(HttpContext, version, call.At))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }
        var html = await fragments.GetAsync(PageContext, "call", $"call/{call.Id}", version, "/Pages/Calls/_Call.cshtml", call);
        return Content(html, "text/html; charset=utf-8");
    }
}
