using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;

namespace Khyber.Api.Users;

/// <summary>An administrator enables a disabled account again; the user signs in afresh (sessions from before stay ended).</summary>
public sealed class EnableUser(KhyberDb db, Accounts accounts, TimeProvider time) : IUseCase
{
    public async Task<UserView> HandleAsync(Actor actor, string username, CancellationToken ct)
    {
        var user = await accounts.ManagedAsync(actor, username);
        if (user.DisabledAt is not null)
        {
            db.Acting(actor, nameof(EnableUser), $"users/{user.UserName}");
            user.DisabledAt = null;
            await accounts.RecordAsync(user, AccountChangeKind.Enabled, actor.UserName, renewStamp: false);
        }
        return UserView.Of(user, actor, time.GetUtcNow());
    }
}
