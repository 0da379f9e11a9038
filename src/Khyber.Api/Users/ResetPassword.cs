using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;

namespace Khyber.Api.Users;

/// <summary>
/// A password is reset for a user who lost it: by an administrator, to a one-time password answered once and to be
/// changed at the next sign-in; or from the server's command line (<c>khyber admin reset-password</c>), to a password
/// the operator types, for an administrator locked out of the pages. Either way the account is unlocked, and every
/// session it had ends.
/// </summary>
public sealed class ResetPassword(KhyberDb db, Accounts accounts, TimeProvider time) : IUseCase
{
    public async Task<UserWithPassword> HandleAsync(Actor actor, string username, CancellationToken ct)
    {
        var password = OneTimePassword.New();
        var user = await ResetAsync(actor, username, password, oneTime: true);
        return new UserWithPassword(UserView.Of(user, actor, time.GetUtcNow()), password);
    }

    /// <summary>The command line's reset: the operator chose the password (checked against the rules), so it need not be changed.</summary>
    public async Task<UserView> HandleAsync(Actor actor, string username, string? password, CancellationToken ct)
    {
        var errors = new FieldErrors();
        await accounts.CheckPasswordAsync(password, "password", errors);
        Problems.ThrowIfAny(errors);
        var user = await ResetAsync(actor, username, password!, oneTime: false);
        return UserView.Of(user, actor, time.GetUtcNow());
    }

    private async Task<KhyberUser> ResetAsync(Actor actor, string username, string password, bool oneTime)
    {
        var user = await accounts.ManagedAsync(actor, username);
        db.Acting(actor, nameof(ResetPassword), $"users/{user.UserName}");
        await accounts.SetPasswordAsync(user, password, oneTime, AccountChangeKind.PasswordReset, actor.UserName);
        return user;
    }
}
