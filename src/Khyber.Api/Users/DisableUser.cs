using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;

namespace Khyber.Api.Users;

/// <summary>
/// An administrator disables an account: it can no longer sign in, and its bearer tokens and page sessions stop
/// working at once (its security stamp is renewed, and every request checks it).
/// </summary>
public sealed class DisableUser(KhyberDb db, Accounts accounts, TimeProvider time) : IUseCase
{
    public async Task<UserView> HandleAsync(Actor actor, string username, CancellationToken ct)
    {
        var user = await accounts.ManagedAsync(actor, username);
        if (string.Equals(user.UserName, actor.UserName, StringComparison.OrdinalIgnoreCase))
        {
            throw Problems.Conflict("You cannot disable your own account: another administrator must.");
        }
        var now = time.GetUtcNow();
        if (user.DisabledAt is null)
        {
            db.Acting(actor, nameof(DisableUser), $"users/{user.UserName}");
            user.DisabledAt = now;
            await accounts.RecordAsync(user, AccountChangeKind.Disabled, actor.UserName, renewStamp: true);
        }
        return UserView.Of(user, actor, now);
    }
}
