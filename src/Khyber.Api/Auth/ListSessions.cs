using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.AspNetCore.Identity;

namespace Khyber.Api.Auth;

/// <summary>One of the user's sessions still going: where it signed in, when, when last used, and whether it is the caller's own.</summary>
public sealed record SessionView(Guid Id, string Client, DateTimeOffset SignedInAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt, bool Current);

/// <summary>A user's own sessions that have not ended — API sign-ins and page sign-ins alike — newest first.</summary>
public sealed class ListSessions(Sessions sessions, UserManager<KhyberUser> users) : IUseCase
{
    public async Task<List<SessionView>> HandleAsync(Actor actor, Guid? current, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(actor.UserName) ?? throw Problems.Unauthorized(Sessions.Ended);
        var live = await sessions.LiveAsync(user.Id, ct);
        return [.. live.Select(s => new SessionView(s.Family, s.Client, s.SignedInAt, s.LastUsedAt, s.ExpiresAt, s.Family == current))];
    }
}
