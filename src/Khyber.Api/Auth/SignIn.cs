using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Storage;
using Microsoft.AspNetCore.Identity;

namespace Khyber.Api.Auth;

/// <summary>A username and password, and <c>otp</c> — a code of the authenticator app or a recovery code — when the account has a second factor.</summary>
public sealed record TokenRequest([property: Required] string? Username, [property: Required] string? Password, string? Otp = null);

/// <summary>
/// A user proves who they are with a username and password: counted against the sign-in rate limits (per address and
/// per username) and the account lockout, whether through the token endpoint or the login page, which then issue a
/// bearer token or a cookie for the same user.
/// </summary>
/// <remarks>
/// The right password of a disabled account is refused (403, <c>accountDisabled</c>), and so is a one-time password
/// set by an administrator (403, <c>passwordChangeRequired</c>): it only serves to choose a new one (<see cref="ChangePassword"/>).
/// An account with a second factor also needs its code (<c>otp</c>; missing: 401 <c>secondFactorRequired</c>; wrong:
/// 401, counted toward the lockout like a wrong password); an account whose role requires one and has none enrolled
/// gets no token (403 <c>secondFactorEnrolmentRequired</c>) — the login page lets it enrol (<see cref="SecondFactors"/>).
/// The password is checked by hand rather than by <c>SignInManager</c>, whose success would reset the failure count
/// before the code is known: only a right password with a right code resets it.
/// </remarks>
public sealed class SignIn(UserManager<KhyberUser> users, RateLimits limits, SecondFactors factors) : IUseCase
{
    public const int MaxLength = 256;

    public const int MaxOtpLength = 32;

    public Task<KhyberUser> HandleAsync(string? username, string? password, string address) =>
        HandleAsync(username, password, null, address, allowEnrolment: false);

    /// <summary>
    /// Signs in; with <paramref name="allowEnrolment"/> (the login page), an account that must enrol a second factor is
    /// let through without one, for a session that reaches only the enrolment (<see cref="NeedsEnrolment"/>).
    /// </summary>
    public async Task<KhyberUser> HandleAsync(string? username, string? password, string? otp, string address, bool allowEnrolment = false)
    {
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(username) && username.Length <= MaxLength, "username", $"Required (at most {MaxLength} characters).");
        errors.Require(!string.IsNullOrEmpty(password) && password.Length <= MaxLength, "password", $"Required (at most {MaxLength} characters).");
        errors.Require(otp is null || otp.Length <= MaxOtpLength, "otp", $"At most {MaxOtpLength} characters: a 6-digit code or a recovery code (xxxx-xxxx-xxxx).");
        Problems.ThrowIfAny(errors);
        limits.SignIn(address, username!);

        var user = await users.FindByNameAsync(username!.Trim());
        if (user is null)
        {
            throw Problems.Unauthorized(WrongPassword);
        }
        if (await users.IsLockedOutAsync(user))
        {
            throw Problems.Unauthorized(LockedOut);
        }
        if (!await users.CheckPasswordAsync(user, password!))
        {
            await FailedAsync(user, WrongPassword);
        }
        // Told only to whoever knows the password, so that none of these reveals anything to a guesser.
        if (SecondFactors.IsEnrolled(user))
        {
            if (string.IsNullOrWhiteSpace(otp))
            {
                throw Problems.SecondFactorRequired();
            }
            if (!factors.TryUse(user, otp))
            {
                await FailedAsync(user, WrongCode);
            }
        }
        if (user.DisabledAt is not null)
        {
            throw Problems.AccountDisabled();
        }
        if (user.PasswordChangeRequired)
        {
            throw Problems.PasswordChangeRequired();
        }
        if (NeedsEnrolment(user) && !allowEnrolment)
        {
            throw Problems.SecondFactorEnrolmentRequired();
        }
        // Saves the used code's step (or the used recovery code) with the reset failure count.
        if (SecondFactors.IsEnrolled(user) || user.AccessFailedCount != 0 || user.LockoutEnd is not null)
        {
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
            var saved = await users.UpdateAsync(user);
            if (!saved.Succeeded)
            {
                throw Problems.Conflict("Someone else changed this account at the same moment; try again.");
            }
        }
        return user;
    }

    /// <summary>Whether the account's role requires a second factor that it has not enrolled.</summary>
    public bool NeedsEnrolment(KhyberUser user) => factors.IsRequired(user) && !SecondFactors.IsEnrolled(user);

    private async Task FailedAsync(KhyberUser user, string why)
    {
        await users.AccessFailedAsync(user);
        throw Problems.Unauthorized(await users.IsLockedOutAsync(user) ? LockedOut : why);
    }

    public const string WrongPassword = "Unknown username or wrong password.";

    public const string WrongCode = "Wrong or already used code.";

    public const string LockedOut = "Too many failed attempts: the account is locked for a while.";
}
