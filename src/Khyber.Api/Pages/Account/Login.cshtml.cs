using System.Security.Claims;
using Khyber.Api.Auth;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Khyber.Api.Pages.Account;

/// <summary>
/// Signs in through the same use case as <c>POST /api/v1/auth/token</c> — the same password check, lockout and rate
/// limits, drawing on the same budget — and keeps the same claims in a cookie, which belongs to a session as a bearer
/// token does: ended by signing out here, by "sign out everywhere", or by a change of password or a disabled account.
/// </summary>
public sealed class LoginModel : PageModel
{
    public string? Error { get; private set; }

    public string? Username { get; private set; }

    /// <summary>Set when sign-ins from this address or as this user have used up the minute's budget.</summary>
    public int? WaitSeconds { get; private set; }

    public string? ReturnUrl { get; private set; }

    /// <summary>Set after "sign out everywhere", which ends this page's session too.</summary>
    public bool SignedOutEverywhere { get; private set; }

    public void OnGet(string? returnUrl, bool everywhere = false)
    {
        ReturnUrl = returnUrl;
        SignedOutEverywhere = everywhere;
    }

    public async Task<IActionResult> OnPostAsync(string? username, string? password, string? returnUrl, [FromServices] SignIn signIn, [FromServices] Sessions sessions)
    {
        Username = username;
        ReturnUrl = returnUrl;
        Storage.KhyberUser user;
        try
        {
            user = await signIn.HandleAsync(username, password, HttpContext.CallerAddress());
        }
        catch (ApiProblemException refusal) when (refusal.Code == Problems.PasswordChangeRequiredCode)
        {
            // The right one-time password: it serves only to choose a new one.
            return LocalRedirect($"/account/password?required=true&username={Uri.EscapeDataString(username ?? "")}"
                + (!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? $"&returnUrl={Uri.EscapeDataString(returnUrl)}" : ""));
        }
        catch (ApiProblemException refusal)
        {
            Response.StatusCode = refusal.Status;
            if (refusal.RetryAfterSeconds is { } seconds)
            {
                WaitSeconds = seconds;
                Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                Error = refusal.Status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden ? refusal.Detail : "Enter your username and password.";
            }
            return Page();
        }
        await SignInAsync(HttpContext, user, sessions);
        if (!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl))
        {
            return LocalRedirect(returnUrl);
        }
        return LocalRedirect(HomeOf(user.Role.ToString().ToLowerInvariant()));
    }

    /// <summary>Begins a page session for the user and keeps its claims, the session's id among them, in the cookie.</summary>
    public static async Task SignInAsync(HttpContext http, Storage.KhyberUser user, Sessions sessions)
    {
        var session = await sessions.BeginAsync(user, http, refreshable: false, http.RequestAborted);
        var identity = new ClaimsIdentity(TokenIssuer.ClaimsOf(user, session.Id), PagesSetup.CookieScheme, JwtRegisteredClaimNames.Sub, TokenIssuer.RoleClaim);
        await http.SignInAsync(PagesSetup.CookieScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    public static string HomeOf(string? role) => role switch
    {
        Roles.Officer => "/officer",
        Roles.Liaison => "/liaison",
        Roles.Carrier => "/carrier",
        Roles.Admin => "/admin",
        _ => "/",
    };
}
