using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.AspNetCore.Identity;

namespace Khyber.Api.Auth;

/// <summary>
/// A user ends one of their sessions — a device left signed in, or the session in hand (signing out): its access
/// tokens, refresh token or page cookie are refused from the next request, on every instance.
/// </summary>
/// <remarks>Another user's session is answered as unknown (404): its id tells nobody else anything.</remarks>
public sealed class EndSession(KhyberDb db, Sessions sessions, UserManager<KhyberUser> users) : IUseCase
{
    public async Task HandleAsync(Actor actor, Guid session, CancellationToken ct) => await HandleAsync(actor, session, SessionEnd.Ended, ct);

    /// <summary>Ends the session, saying why (<see cref="SessionEnd.SignedOut"/> when it is the caller's own sign-out).</summary>
    public async Task HandleAsync(Actor actor, Guid session, SessionEnd why, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(actor.UserName) ?? throw Problems.Unauthorized(Sessions.Ended);
        var owner = await sessions.OwnerOfAsync(session, ct);
        if (owner is null || !Permissions.MayEndSession(actor, owner) || !await sessions.EndAsync(user.Id, session, why, ct))
        {
            throw Problems.NotFound($"No session {session} of yours is going.");
        }
        await db.SaveChangesAsync(ct);
    }
}
