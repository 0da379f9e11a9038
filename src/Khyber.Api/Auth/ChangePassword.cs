using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Api.Users;
using Khyber.Domain;
using Khyber.Domain.Accounts;
using Khyber.Storage;
using Microsoft.AspNetCore.Identity;

namespace Khyber.Api.Auth;

/// <summary>A new password for an account, proved by its current one; the username is left out when signed in.</summary>
/// <remarks>Without a session, an account with a second factor also sends <c>otp</c>, as it would for a token.</remarks>
public sealed record ChangePasswordRequest(string? Username, [property: Required] string? CurrentPassword, [property: Required] string? NewPassword, string? Otp = null);

/// <summary>
/// A user chooses a new password, proving the current one — also the one-time password an administrator passed on,
/// which serves for nothing else. Works without a session (a user with a one-time password gets no token), so it is
/// counted as a sign-in: the same rate limits, and wrong current passwords lock the account as they do there.
/// </summary>
/// <remarks>The account's other sessions end (its security stamp is renewed); the caller gets a token or cookie of the new one.</remarks>
public sealed class ChangePassword(KhyberDb db, Accounts accounts, SignInManager<KhyberUser> signIn, RateLimits limits, SecondFactors factors) : IUseCase
{
    /// <summary>Changes the password of <paramref name="signedIn"/> (the session's user, who may change only their own) or, without a session, of the username sent.</summary>
    public async Task<KhyberUser> HandleAsync(string? signedIn, ChangePasswordRequest r, string address, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var username = signedIn ?? r.Username?.Trim();
        if (signedIn is null)
        {
            errors.Require(!string.IsNullOrWhiteSpace(r.Username) && r.Username.Length <= SignIn.MaxLength, "username", $"Required (at most {SignIn.MaxLength} characters).");
        }
        else if (r.Username is not null && !string.Equals(r.Username.Trim(), signedIn, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("username", "Leave it out, or name the signed-in account: a password is changed only by its owner.");
        }
        errors.Require(!string.IsNullOrEmpty(r.CurrentPassword) && r.CurrentPassword.Length <= SignIn.MaxLength, "currentPassword", $"Required (at most {SignIn.MaxLength} characters).");
        errors.Require(r.Otp is null || r.Otp.Length <= SignIn.MaxOtpLength, "otp", $"At most {SignIn.MaxOtpLength} characters: a 6-digit code or a recovery code (xxxx-xxxx-xxxx).");
        await accounts.CheckPasswordAsync(r.NewPassword, "newPassword", errors);
        if (!errors.Any && string.Equals(r.CurrentPassword, r.NewPassword, StringComparison.Ordinal))
        {
            errors.Add("newPassword", "Choose a password other than the current one.");
        }
        Problems.ThrowIfAny(errors);
        limits.SignIn(address, username!);

        var user = await accounts.FindAsync(username!) ?? throw Problems.Unauthorized(SignIn.WrongPassword);
        var result = await signIn.CheckPasswordSignInAsync(user, r.CurrentPassword!, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            throw Problems.Unauthorized(SignIn.LockedOut);
        }
        if (!result.Succeeded)
        {
            throw Problems.Unauthorized(SignIn.WrongPassword);
        }
        // Without a session the answer is a token, so the second factor is asked as for one (a session proved it already).
        if (signedIn is null && SecondFactors.IsEnrolled(user))
        {
            if (string.IsNullOrWhiteSpace(r.Otp))
            {
                throw Problems.SecondFactorRequired();
            }
            if (!factors.TryUse(user, r.Otp))
            {
                await signIn.UserManager.AccessFailedAsync(user);
                throw Problems.Unauthorized(await signIn.UserManager.IsLockedOutAsync(user) ? SignIn.LockedOut : SignIn.WrongCode);
            }
        }
        if (user.DisabledAt is not null)
        {
            throw Problems.AccountDisabled();
        }
        db.Acting(user.ToActor(), nameof(ChangePassword), $"users/{user.UserName}");
        await accounts.SetPasswordAsync(user, r.NewPassword!, oneTime: false, AccountChangeKind.PasswordChanged, user.UserName!);
        return user;
    }
}
