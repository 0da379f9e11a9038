using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Users;

/// <summary>A new account: who, as what, and for which side and crossing (officers) or company (carriers).</summary>
public sealed record CreateUserRequest(
    [property: Required] string? Username,
    [property: Required] string? DisplayName,
    [property: Required] string? Role,
    string? Side,
    string? CrossingId,
    string? CarrierId);

/// <summary>
/// An administrator opens an account with a one-time password, answered once to be passed on; the user chooses their
/// own at the first sign-in. An administrator of a side opens accounts for its own side and for carriers only.
/// </summary>
public sealed class CreateUser(KhyberDb db, Accounts accounts, TimeProvider time) : IUseCase
{
    public async Task<UserWithPassword> HandleAsync(Actor actor, CreateUserRequest r, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayAdminister(actor), "Accounts are opened by an administrator.");
        var errors = new FieldErrors();
        var terms = AccountRules.Validate(new AccountDraft(r.Username, r.DisplayName, r.Role, r.Side, r.CrossingId, r.CarrierId), errors);
        Problems.ThrowIfAny(errors);
        AuthSetup.Require(Permissions.MayManageAccount(actor, terms!.Role, terms.Side), ScopeRefusal(actor));

        db.Acting(actor, nameof(CreateUser), $"users/{terms.Username}");
        return await Concurrency.RetryAsync(db, async token =>
        {
            await CheckScopeExistsAsync(db, terms, errors, token);
            if (await accounts.FindAsync(terms.Username) is not null)
            {
                errors.Add("username", "Taken: choose another username.");
            }
            Problems.ThrowIfAny(errors);
            var password = OneTimePassword.New();
            var user = await accounts.OpenAsync(terms, password, oneTime: true, actor.UserName);
            return new UserWithPassword(UserView.Of(user, actor, time.GetUtcNow()), password);
        }, ct);
    }

    /// <summary>The officer's crossing and the carrier's company must exist.</summary>
    internal static async Task CheckScopeExistsAsync(KhyberDb db, AccountTerms terms, FieldErrors errors, CancellationToken ct)
    {
        if (terms.CrossingId is { } crossing && !await db.Crossings.AnyAsync(c => c.Id == crossing, ct))
        {
            errors.Add("crossingId", $"No crossing '{crossing}'.");
        }
        if (terms.CarrierId is { } carrier && !await db.Carriers.AnyAsync(c => c.Id == carrier, ct))
        {
            errors.Add("carrierId", $"No carrier company '{carrier}'.");
        }
    }

    internal static string ScopeRefusal(Actor actor) =>
        $"An administrator of {actor.Side} manages only {actor.Side}'s officers, liaisons and administrators, and carrier accounts.";
}
