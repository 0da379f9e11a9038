using Khyber.Api.Auth;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Khyber.Api.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Account;

/// <summary>
/// The user's second factor through the same use cases as <c>/api/v1/auth/second-factor</c>: begin an enrolment (the
/// QR code and the secret as text, shown while it is pending), confirm it with a code (the recovery codes shown this
/// once), or remove it where the role allows. A session limited to enrolment becomes a full one once it is confirmed.
/// </summary>
[Authorize]
public sealed class SecondFactorModel(Accounts accounts, SecondFactors factors) : KhyberPage
{
    public bool Enrolled { get; private set; }

    public bool Required { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    /// <summary>The pending enrolment, shown to its own user until confirmed.</summary>
    public SecondFactorEnrolment? Pending { get; private set; }

    /// <summary>The recovery codes just made: shown in this answer only.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public bool EnrolOnly => User.HasClaim(LoginModel.EnrolOnlyClaim, "true");

    protected override async Task LoadAsync()
    {
        var user = await accounts.FindAsync(Me.UserName) ?? throw Problems.Unauthorized(Sessions.Ended);
        Enrolled = SecondFactors.IsEnrolled(user);
        Required = factors.IsRequired(user);
        RecoveryCodesLeft = SecondFactors.RecoveryCodesLeft(user);
        if (!Enrolled && user.TotpSecret is { } secret)
        {
            var uri = SecondFactors.UriOf(secret, user.UserName!);
            Pending = new SecondFactorEnrolment(secret, uri, SecondFactors.QrCodeOf(uri));
        }
    }

    public Task<IActionResult> OnPostBeginAsync([FromServices] BeginSecondFactor begin) =>
        Act("begin", () => begin.HandleAsync(Me, HttpContext.RequestAborted), "Scan the code with your authenticator app, then enter the code it shows.");

    public async Task<IActionResult> OnPostConfirmAsync(string? otp, [FromServices] ConfirmSecondFactor confirm)
    {
        try
        {
            RecoveryCodes = (await confirm.HandleAsync(Me, new SecondFactorCode(otp), HttpContext.RequestAborted)).RecoveryCodes;
        }
        catch (Exception e) when (Problems.Of(e) is { } refusal)
        {
            return await RefusedAsync(refusal, "confirm");
        }
        if (EnrolOnly && User.SessionId() is { } session && await accounts.FindAsync(Me.UserName) is { } user)
        {
            // The same session, no longer limited to the enrolment.
            await LoginModel.KeepAsync(HttpContext, user, session, enrolOnly: false);
        }
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostRemoveAsync(string? otp, [FromServices] RemoveSecondFactor remove) =>
        Act("remove", () => remove.HandleAsync(Me, new SecondFactorCode(otp), HttpContext.RequestAborted), "Second factor removed.");
}
