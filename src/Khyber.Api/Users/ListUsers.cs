using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Users;

/// <summary>Every account, by username, for administrators (each marked with whether this administrator may manage it).</summary>
public sealed class ListUsers(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<List<UserView>> HandleAsync(Actor actor, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayAdminister(actor), "Accounts are seen by administrators.");
        var now = time.GetUtcNow();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        return users.Select(u => UserView.Of(u, actor, now)).ToList();
    }
}
