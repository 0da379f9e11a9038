using Khyber.Api.Infrastructure;
using Khyber.Api.Users;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;
using Microsoft.AspNetCore.Identity;

namespace Khyber.Api.Auth;

/// <summary>
/// A user removes their own authenticator, proving it with a code (or a recovery code) — only where their role does
/// not require one. A wrong code counts toward the account's lockout, as at sign-in. Audited as a change of the account.
/// </summary>
public sealed class RemoveSecondFactor(KhyberDb db, Accounts accounts, SecondFactors factors, UserManager<KhyberUser> users) : IUseCase
{
    public async Task HandleAsync(Actor actor, SecondFactorCode r, CancellationToken ct)
    {
        var user = await accounts.FindAsync(actor.UserName) ?? throw Problems.Unauthorized(Sessions.Ended);
        AuthSetup.Require(Permissions.MayRemoveSecondFactor(actor, factors.IsRequired(user)),
            "Your role requires a second factor: it cannot be removed (an administrator can reset it if the phone is lost).");
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(r.Otp) && r.Otp.Length <= SignIn.MaxOtpLength, "otp", "Required: a code of your authenticator app, or a recovery code.");
        Problems.ThrowIfAny(errors);
        if (!SecondFactors.IsEnrolled(user))
        {
            throw Problems.NotFound("No second factor is enrolled.");
        }
        if (accounts.IsLockedOut(user))
        {
            throw Problems.Forbidden(SignIn.LockedOut);
        }
        if (!factors.TryUse(user, r.Otp))
        {
            await users.AccessFailedAsync(user);
            throw Problems.Invalid("otp", SignIn.WrongCode);
        }
        SecondFactors.Remove(user);
        db.Acting(actor, nameof(RemoveSecondFactor), $"users/{user.UserName}");
        await accounts.RecordAsync(user, AccountChangeKind.SecondFactorRemoved, user.UserName!, renewStamp: false);
    }
}
