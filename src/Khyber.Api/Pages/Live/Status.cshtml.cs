using System.Globalization;
using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Khyber.Api.Pages.Status;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khyber.Api.Pages.Live;

/// <summary>
/// One crossing's section of the status board, alone: what an open board fetches when a <c>status</c> event names the
/// crossing. Read from the <see cref="StatusBoard"/>, rendered once per change and language (<see cref="LiveFragments"/>),
/// cacheable by browsers and shared caches (<see cref="PublicCaching"/>).
/// </summary>
public sealed class StatusModel(GetCrossing getCrossing, LiveFragments fragments, PublicCaching caching) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string id)
    {
        CrossingStatus status;
        try
        {
            status = await getCrossing.StatusAsync(id, HttpContext.RequestAborted);
        }
        catch (Exception e) when (Problems.Of(e) is { } refusal)
        {
            return StatusCode(refusal.Status);
        }
        var version = Validators.OfText($"{status.ETag}|{status.StrandedETag}|{CultureInfo.CurrentUICulture.Name}|status");
        Response.Headers.Vary = "Accept-Language, Cookie";
        if (caching.NotModified(HttpContext, version, status.LastModified))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }
        var html = await fragments.GetAsync(PageContext, "status", "status/" + status.Id, version, "/Pages/Status/_CrossingStatus.cshtml", new CrossingStatusModel(status.View, status.Stranded));
        return Content(html, "text/html; charset=utf-8");
    }
}
