using Khyber.Api.Infrastructure;
using Khyber.Api.Users;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.AspNetCore.Identity;

namespace Khyber.Api.Auth;

/// <summary>
/// A new authenticator secret to enrol: the secret as text (to type in), the <c>otpauth://</c> URI and its QR code as
/// a PNG <c>data:</c> URI. Shown to the user only while enrolling; pending until confirmed with a code.
/// </summary>
public sealed record SecondFactorEnrolment(string Secret, string OtpAuthUri, string QrCode);

/// <summary>
/// A user begins enrolling an authenticator app: a new secret is kept on the account, pending, and does nothing until
/// a code of it is confirmed (<see cref="ConfirmSecondFactor"/>). Beginning again replaces a pending secret.
/// </summary>
/// <remarks>Not audited: nothing about the account changes for anyone until the confirmation, which is.</remarks>
public sealed class BeginSecondFactor(Accounts accounts, UserManager<KhyberUser> users) : IUseCase
{
    public async Task<SecondFactorEnrolment> HandleAsync(Actor actor, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayEnrolSecondFactor(actor), "Only a signed-in user enrols their own second factor.");
        var user = await accounts.FindAsync(actor.UserName) ?? throw Problems.Unauthorized(Sessions.Ended);
        if (SecondFactors.IsEnrolled(user))
        {
            throw Problems.Conflict("A second factor is already enrolled: remove it first (or ask an administrator to reset it).");
        }
        user.TotpSecret = SecondFactors.NewSecret();
        user.TotpLastStep = null;
        var saved = await users.UpdateAsync(user);
        if (!saved.Succeeded)
        {
            throw Problems.Conflict("Someone else changed this account at the same moment; try again.");
        }
        var uri = SecondFactors.UriOf(user.TotpSecret, user.UserName!);
        return new SecondFactorEnrolment(user.TotpSecret, uri, SecondFactors.QrCodeOf(uri));
    }
}
