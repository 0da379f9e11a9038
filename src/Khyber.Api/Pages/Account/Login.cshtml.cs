using System.Security.Claims;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Khyber.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Khyber.Api.Pages.Account;

/// <summary>Signs in with the same password check as <c>POST /api/v1/auth/token</c> (lockout included) and the same claims, in a cookie.</summary>
public sealed class LoginModel(UserManager<KhyberUser> users, SignInManager<KhyberUser> signIn, SignInThrottle throttle) : PageModel
{
    public string? Error { get; private set; }

    public string? Username { get; private set; }

    /// <summary>Set when this username has used up its sign-in attempts for the minute, as the token endpoint counts them.</summary>
    public int? WaitSeconds { get; private set; }

    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? username, string? password, string? returnUrl)
    {
        Username = username;
        ReturnUrl = returnUrl;
        if (string.IsNullOrWhiteSpace(username) || username.Length > 256 || string.IsNullOrEmpty(password) || password.Length > 256)
        {
            Error = "Enter your username and password.";
            return Page();
        }
        if (throttle.Attempt(username) is { } wait)
        {
            WaitSeconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = WaitSeconds.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Page();
        }
        var user = await users.FindByNameAsync(username.Trim());
        var result = user is null ? null : await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result?.IsLockedOut == true)
        {
            Error = "Too many failed attempts: the account is locked for a while.";
            return Page();
        }
        if (user is null || result?.Succeeded != true)
        {
            Error = "Unknown username or wrong password.";
            return Page();
        }
        var identity = new ClaimsIdentity(TokenIssuer.ClaimsOf(user), PagesSetup.CookieScheme, JwtRegisteredClaimNames.Sub, TokenIssuer.RoleClaim);
        await HttpContext.SignInAsync(PagesSetup.CookieScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
        if (!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl))
        {
            return LocalRedirect(returnUrl);
        }
        return LocalRedirect(HomeOf(user.Role.ToString().ToLowerInvariant()));
    }

    public static string HomeOf(string? role) => role switch
    {
        Roles.Officer => "/officer",
        Roles.Liaison => "/liaison",
        Roles.Carrier => "/carrier",
        _ => "/",
    };
}
