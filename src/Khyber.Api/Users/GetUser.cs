using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;

namespace Khyber.Api.Users;

/// <summary>One account, for administrators.</summary>
public sealed class GetUser(Accounts accounts, TimeProvider time) : IUseCase
{
    public async Task<UserView> HandleAsync(Actor actor, string username, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayAdminister(actor), "Accounts are seen by administrators.");
        var user = await accounts.FindAsync(username) ?? throw Problems.NotFound($"No user '{username}'.");
        return UserView.Of(user, actor, time.GetUtcNow());
    }
}
