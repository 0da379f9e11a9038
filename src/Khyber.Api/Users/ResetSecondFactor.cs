using Khyber.Api.Auth;
using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;

namespace Khyber.Api.Users;

/// <summary>
/// An administrator removes the second factor of a user who lost their phone and recovery codes: every session of the
/// account ends at once (whoever holds the phone may be signed in), and the user enrols again at the next sign-in.
/// Audited as a change of the account. An account without one is answered as it is.
/// </summary>
public sealed class ResetSecondFactor(KhyberDb db, Accounts accounts, TimeProvider time) : IUseCase
{
    public async Task<UserView> HandleAsync(Actor actor, string username, CancellationToken ct)
    {
        var user = await accounts.ManagedAsync(actor, username);
        AuthSetup.Require(Permissions.MayResetSecondFactor(actor, user.Role, user.Side), CreateUser.ScopeRefusal(actor));
        if (user.TotpSecret is not null)
        {
            SecondFactors.Remove(user);
            db.Acting(actor, nameof(ResetSecondFactor), $"users/{user.UserName}");
            await accounts.RecordAsync(user, AccountChangeKind.SecondFactorReset, actor.UserName, renewStamp: true);
        }
        return UserView.Of(user, actor, time.GetUtcNow());
    }
}
