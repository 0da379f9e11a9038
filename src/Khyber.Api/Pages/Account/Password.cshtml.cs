using System.Security.Claims;
using Khyber.Api.Auth;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Khyber.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Khyber.Api.Pages.Account;

/// <summary>
/// A user chooses a new password — signed in, or not (a one-time password set by an administrator gives no session, so
/// the login page sends its user here): the same use case as <c>POST /api/v1/auth/password</c>, then a session of the
/// new password. The user's other sessions end.
/// </summary>
public sealed class PasswordModel : KhyberPage
{
    /// <summary>Whose password: the signed-in user's, or the username typed (or carried from the login page).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Username { get; set; }

    /// <summary>Set when the login page sent the user here because their password was a one-time password.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Required { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    protected override Task LoadAsync()
    {
        if (SignedIn)
        {
            Username = Me.UserName;
        }
        return Task.CompletedTask;
    }

    public async Task<IActionResult> OnPostAsync(string? currentPassword, string? newPassword, string? confirmPassword, string? otp, [FromServices] ChangePassword change, [FromServices] Sessions sessions, [FromServices] Khyber.Api.Auth.SignIn signIn)
    {
        var signedIn = SignedIn ? Me.UserName : null;
        Storage.KhyberUser user;
        try
        {
            if (!string.Equals(newPassword, confirmPassword, StringComparison.Ordinal))
            {
                var errors = new FieldErrors();
                errors.Add("confirmPassword", "The two new passwords differ: type the same one twice.");
                throw Problems.Invalid(errors);
            }
            user = await change.HandleAsync(signedIn, new ChangePasswordRequest(signedIn is null ? Username : null, currentPassword, newPassword, string.IsNullOrWhiteSpace(otp) ? null : otp), HttpContext.CallerAddress(), HttpContext.RequestAborted);
        }
        catch (Exception e) when (Problems.Of(e) is { } refusal)
        {
            return await RefusedAsync(refusal, "password");
        }
        // A session of the new password: the old one ended with it. An account that must enrol a second factor gets
        // a session that reaches only the enrolment, as at the login page.
        if (signIn.NeedsEnrolment(user))
        {
            await LoginModel.SignInAsync(HttpContext, user, sessions, enrolOnly: true);
            return LocalRedirect("/account/second-factor");
        }
        await LoginModel.SignInAsync(HttpContext, user, sessions);
        Done = "Password changed.";
        if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl))
        {
            return LocalRedirect(ReturnUrl);
        }
        return LocalRedirect(LoginModel.HomeOf(user.Role.ToString().ToLowerInvariant()));
    }
}
