using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;

namespace Khyber.Api.Users;

/// <summary>An administrator ends the lockout of an account that had too many wrong passwords, before its 15 minutes are up.</summary>
public sealed class UnlockUser(KhyberDb db, Accounts accounts, TimeProvider time) : IUseCase
{
    public async Task<UserView> HandleAsync(Actor actor, string username, CancellationToken ct)
    {
        var user = await accounts.ManagedAsync(actor, username);
        if (user.LockoutEnd is not null || user.AccessFailedCount > 0)
        {
            db.Acting(actor, nameof(UnlockUser), $"users/{user.UserName}");
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            await accounts.RecordAsync(user, AccountChangeKind.Unlocked, actor.UserName, renewStamp: false);
        }
        return UserView.Of(user, actor, time.GetUtcNow());
    }
}
