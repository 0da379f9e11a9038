using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Api.Users;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;

namespace Khyber.Api.Auth;

/// <summary>A code of the authenticator app (or, to remove one, a recovery code).</summary>
public sealed record SecondFactorCode([property: Required] string? Otp);

/// <summary>The recovery codes of a newly enrolled second factor: shown this once, kept only as hashes, each usable once.</summary>
public sealed record RecoveryCodesView(List<string> RecoveryCodes);

/// <summary>
/// A user confirms the pending authenticator with one of its codes: from now on every sign-in asks for a code. The
/// answer carries ten recovery codes, shown once. Audited as a change of the account (never the secret or a code).
/// </summary>
public sealed class ConfirmSecondFactor(KhyberDb db, Accounts accounts, SecondFactors factors, TimeProvider time) : IUseCase
{
    public async Task<RecoveryCodesView> HandleAsync(Actor actor, SecondFactorCode r, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayEnrolSecondFactor(actor), "Only a signed-in user enrols their own second factor.");
        var errors = new FieldErrors();
        errors.Require(IsSixDigits(r.Otp), "otp", "Required: the 6-digit code your authenticator app shows.");
        Problems.ThrowIfAny(errors);
        var user = await accounts.FindAsync(actor.UserName) ?? throw Problems.Unauthorized(Sessions.Ended);
        if (SecondFactors.IsEnrolled(user))
        {
            throw Problems.Conflict("A second factor is already enrolled.");
        }
        if (user.TotpSecret is null)
        {
            throw Problems.Conflict("No enrolment is pending: begin one first (POST /api/v1/auth/second-factor).");
        }
        if (!factors.TryUse(user, r.Otp, pending: true))
        {
            throw Problems.Invalid("otp", "Not the current code of this secret: check the phone's clock, and that the app shows the account just added.");
        }
        user.SecondFactorEnrolledAt = time.GetUtcNow();
        var codes = SecondFactors.NewRecoveryCodes(user);
        db.Acting(actor, nameof(ConfirmSecondFactor), $"users/{user.UserName}");
        await accounts.RecordAsync(user, AccountChangeKind.SecondFactorEnrolled, user.UserName!, renewStamp: false);
        return new RecoveryCodesView(codes);
    }

    internal static bool IsSixDigits(string? otp) => otp is not null && otp.Trim().Length == 6 && otp.Trim().All(char.IsAsciiDigit);
}
