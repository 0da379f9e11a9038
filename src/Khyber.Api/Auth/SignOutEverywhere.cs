using Khyber.Api.Infrastructure;
using Khyber.Api.Users;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;

namespace Khyber.Api.Auth;

/// <summary>How many sessions the user's "sign out everywhere" ended, the caller's own among them.</summary>
public sealed record SignedOutView(int SessionsEnded);

/// <summary>
/// A user ends every session of theirs — every device, the API and the pages, this one too — say after losing a phone.
/// Audited as a change of the account (who, when; never a token).
/// </summary>
public sealed class SignOutEverywhere(KhyberDb db, Accounts accounts, Sessions sessions) : IUseCase
{
    public async Task<SignedOutView> HandleAsync(Actor actor, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MaySignOutEverywhere(actor), "Only a signed-in user ends their own sessions.");
        var user = await accounts.FindAsync(actor.UserName) ?? throw Problems.Unauthorized(Sessions.Ended);
        var going = (await sessions.LiveAsync(user.Id, ct)).Count;
        db.Acting(actor, nameof(SignOutEverywhere), $"users/{user.UserName}");
        await accounts.RecordAsync(user, AccountChangeKind.SignedOutEverywhere, user.UserName!, renewStamp: false);
        return new SignedOutView(going);
    }
}
