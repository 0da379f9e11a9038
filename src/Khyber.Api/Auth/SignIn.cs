using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Storage;
using Microsoft.AspNetCore.Identity;

namespace Khyber.Api.Auth;

public sealed record TokenRequest([property: Required] string? Username, [property: Required] string? Password);

/// <summary>
/// A user proves who they are with a username and password: counted against the sign-in rate limits (per address and
/// per username) and the account lockout, whether through the token endpoint or the login page, which then issue a
/// bearer token or a cookie for the same user.
/// </summary>
/// <remarks>
/// The right password of a disabled account is refused (403, <c>accountDisabled</c>), and so is a one-time password
/// set by an administrator (403, <c>passwordChangeRequired</c>): it only serves to choose a new one (<see cref="ChangePassword"/>).
/// </remarks>
public sealed class SignIn(UserManager<KhyberUser> users, SignInManager<KhyberUser> signIn, RateLimits limits) : IUseCase
{
    public const int MaxLength = 256;

    public async Task<KhyberUser> HandleAsync(string? username, string? password, string address)
    {
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(username) && username.Length <= MaxLength, "username", $"Required (at most {MaxLength} characters).");
        errors.Require(!string.IsNullOrEmpty(password) && password.Length <= MaxLength, "password", $"Required (at most {MaxLength} characters).");
        Problems.ThrowIfAny(errors);
        limits.SignIn(address, username!);

        var user = await users.FindByNameAsync(username!.Trim());
        if (user is null)
        {
            throw Problems.Unauthorized(WrongPassword);
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password!, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            throw Problems.Unauthorized(LockedOut);
        }
        if (!result.Succeeded)
        {
            throw Problems.Unauthorized(WrongPassword);
        }
        // Told only to whoever knows the password, so that neither reveals anything to a guesser.
        if (user.DisabledAt is not null)
        {
            throw Problems.AccountDisabled();
        }
        if (user.PasswordChangeRequired)
        {
            throw Problems.PasswordChangeRequired();
        }
        return user;
    }

    public const string WrongPassword = "Unknown username or wrong password.";

    public const string LockedOut = "Too many failed attempts: the account is locked for a while.";
}
