using Khyber.Api.Auth;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khyber.Api.Pages.Account;

/// <summary>Ends the page session — its record too, so a copy of the cookie is refused as well (a form post, so another site cannot sign the user out).</summary>
public sealed class LogoutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([FromServices] EndSession end)
    {
        if (User.Identity?.IsAuthenticated == true && User.SessionId() is { } session)
        {
            try
            {
                await end.HandleAsync(User.Actor(), session, SessionEnd.SignedOut, HttpContext.RequestAborted);
            }
            catch (ApiProblemException)
            {
                // Already ended elsewhere: signing out here only drops the cookie.
            }
        }
        await HttpContext.SignOutAsync(PagesSetup.CookieScheme);
        return LocalRedirect("/");
    }
}
