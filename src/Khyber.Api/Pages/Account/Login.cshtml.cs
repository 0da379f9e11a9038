using System.Security.Claims;
using Khyber.Api.Auth;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Khyber.Api.Pages.Account;

/// <summary>
/// Signs in through the same use case as <c>POST /api/v1/auth/token</c> — the same password check, lockout and rate
/// limits, drawing on the same budget — and keeps the same claims in a cookie, which belongs to a session as a bearer
/// token does: ended by signing out here, by "sign out everywhere", or by a change of password or a disabled account.
/// </summary>
/// <remarks>
/// An account with a second factor signs in in two steps: the password, then the code. Between them the page keeps the
/// username and password only in a ticket the server encrypts for itself (Data Protection), good for five minutes, so
/// the user need not type the password again and the page never shows it. An account whose role requires a second
/// factor it has not enrolled gets a session that reaches only the enrolment page (<see cref="EnrolOnlyClaim"/>).
/// </remarks>
public sealed class LoginModel(IDataProtectionProvider protection, TimeProvider time) : PageModel
{
    /// <summary>The claim of a page session that may do nothing but enrol a second factor (and sign out).</summary>
    public const string EnrolOnlyClaim = "khyber_enrol_only";

    private static readonly TimeSpan TicketLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Set on the second step: the encrypted username and password that the code completes.</summary>
    public string? Ticket { get; private set; }

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

    public Task<IActionResult> OnPostAsync(string? username, string? password, string? returnUrl, [FromServices] SignIn signIn, [FromServices] Sessions sessions) =>
        SignInWithAsync(username, password, null, returnUrl, signIn, sessions);

    /// <summary>The second step: the code, completing the password kept in the ticket.</summary>
    public async Task<IActionResult> OnPostCodeAsync(string? ticket, string? otp, string? returnUrl, [FromServices] SignIn signIn, [FromServices] Sessions sessions)
    {
        if (Open(ticket) is not { } kept)
        {
            ReturnUrl = returnUrl;
            Error = "The sign-in took too long: enter your username and password again.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        return await SignInWithAsync(kept.Username, kept.Password, otp ?? "", returnUrl, signIn, sessions);
    }

    private async Task<IActionResult> SignInWithAsync(string? username, string? password, string? otp, string? returnUrl, SignIn signIn, Sessions sessions)
    {
        Username = username;
        ReturnUrl = returnUrl;
        Storage.KhyberUser user;
        try
        {
            user = await signIn.HandleAsync(username, password, otp, HttpContext.CallerAddress(), allowEnrolment: true);
        }
        catch (ApiProblemException refusal) when (refusal.Code == Problems.SecondFactorRequiredCode)
        {
            // The right password of an account with a second factor: the second step asks for its code.
            Ticket = Seal(username!, password!);
            if (otp is not null)
            {
                Error = "Enter the 6-digit code of your authenticator app, or a recovery code.";
                Response.StatusCode = refusal.Status;
            }
            return Page();
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
            if (otp is not null && refusal.Detail == Khyber.Api.Auth.SignIn.WrongCode)
            {
                // A wrong code: the second step again, with a fresh ticket (the password was right).
                Ticket = Seal(username!, password!);
            }
            return Page();
        }
        if (signIn.NeedsEnrolment(user))
        {
            await SignInAsync(HttpContext, user, sessions, enrolOnly: true);
            return LocalRedirect("/account/second-factor");
        }
        await SignInAsync(HttpContext, user, sessions);
        if (!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl))
        {
            return LocalRedirect(returnUrl);
        }
        return LocalRedirect(HomeOf(user.Role.ToString().ToLowerInvariant()));
    }

    /// <summary>
    /// Begins a page session for the user and keeps its claims, the session's id among them, in the cookie; with
    /// <paramref name="enrolOnly"/>, a session that reaches only the enrolment of a second factor.
    /// </summary>
    public static async Task SignInAsync(HttpContext http, Storage.KhyberUser user, Sessions sessions, bool enrolOnly = false)
    {
        var session = await sessions.BeginAsync(user, http, refreshable: false, http.RequestAborted);
        await KeepAsync(http, user, session.Id, enrolOnly);
    }

    /// <summary>Writes the cookie of a page session already begun (after an enrolment: the same session, no longer limited to it).</summary>
    public static async Task KeepAsync(HttpContext http, Storage.KhyberUser user, Guid session, bool enrolOnly)
    {
        var claims = TokenIssuer.ClaimsOf(user, session);
        if (enrolOnly)
        {
            claims.Add(new Claim(EnrolOnlyClaim, "true"));
        }
        var identity = new ClaimsIdentity(claims, PagesSetup.CookieScheme, JwtRegisteredClaimNames.Sub, TokenIssuer.RoleClaim);
        await http.SignInAsync(PagesSetup.CookieScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    private IDataProtector Protector => protection.CreateProtector("Khyber.Login.SecondStep");

    private string Seal(string username, string password) =>
        Protector.Protect($"{time.GetUtcNow().UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n{username}\n{password}");

    private (string Username, string Password)? Open(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return null;
        }
        try
        {
            var parts = Protector.Unprotect(ticket).Split('\n', 3);
            var sealedAt = new DateTimeOffset(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
            return parts.Length == 3 && time.GetUtcNow() - sealedAt <= TicketLifetime ? (parts[1], parts[2]) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
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
