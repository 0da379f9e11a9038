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
        return user;
    }

    public const string WrongPassword = "Unknown username or wrong password.";

    public const string LockedOut = "Too many failed attempts: the account is locked for a while.";
}
