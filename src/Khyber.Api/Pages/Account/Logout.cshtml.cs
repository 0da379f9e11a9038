using Khyber.Api.Pages.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khyber.Api.Pages.Account;

/// <summary>Ends the page session (a form post, so another site cannot sign the user out).</summary>
public sealed class LogoutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(PagesSetup.CookieScheme);
        return LocalRedirect("/");
    }
}
