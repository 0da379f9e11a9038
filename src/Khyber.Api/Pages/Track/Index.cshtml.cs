using System.Globalization;
using System.Text.Json;
using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Tracking;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khyber.Api.Pages.Track;

/// <summary>
/// The login-free page of a tracking code, for a driver on a basic phone and a 2G link: one small HTML page, no
/// script, no stylesheet, nothing personal (<see cref="TrackTruck"/>).
/// </summary>
public sealed class IndexModel(TrackTruck track, PublicCaching caching) : PageModel
{
    public TrackView? Truck { get; private set; }

    /// <summary>Why there is nothing to show (an unknown code, too many tries).</summary>
    public string? Refusal { get; private set; }

    public string Code { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string code)
    {
        Code = code.Length > 32 ? code[..32] : code;
        try
        {
            Truck = await track.HandleAsync(code, HttpContext.CallerAddress(), HttpContext.RequestAborted);
        }
        catch (ApiProblemException refusal)
        {
            Refusal = refusal.Status == StatusCodes.Status429TooManyRequests ? "Too many requests." : "No registration has this tracking code.";
            Response.StatusCode = refusal.Status;
            return Page();
        }
        // The page is the view in the reader's language: both name its version, so a reader holding it gets a 304, unrendered.
        Response.Headers.Vary = "Accept-Language, Cookie";
        var etag = Validators.OfText(JsonSerializer.Serialize(Truck, Json.Options) + "|" + CultureInfo.CurrentUICulture.Name + "|page");
        return caching.NotModified(HttpContext, etag) ? StatusCode(StatusCodes.Status304NotModified) : Page();
    }
}
