using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Users;

/// <summary>
/// The first administrator of an installation, on a database that has none: from <c>khyber admin init</c> (the
/// password typed at a prompt or read from standard input) or at the server's start (<c>Admin:InitialUser</c> and a
/// password file, as a container's secrets are mounted). Refused once any administrator exists: from then on,
/// administrators open accounts through the pages and the API.
/// </summary>
/// <remarks>
/// The administrator belongs to no side (the system administrator, who may manage every account) and chose the
/// password, so it need not be changed. The account is opened by <see cref="Accounts.OpenAsync"/>, as every other.
/// </remarks>
public sealed class InitializeAdministrator(KhyberDb db, Accounts accounts, TimeProvider time) : IUseCase
{
    public const string DefaultDisplayName = "Administrator";

    /// <summary>Creates the administrator; <paramref name="by"/> names who runs it in the audit log: <c>command-line</c> or <c>server-start</c>.</summary>
    public async Task<UserView> HandleAsync(string by, string? username, string? password, string? displayName, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var terms = AccountRules.Validate(new AccountDraft(username?.Trim(), displayName ?? DefaultDisplayName, "admin", null, null, null), errors);
        await accounts.CheckPasswordAsync(password, "password", errors);
        Problems.ThrowIfAny(errors);

        db.Acting(by, null, nameof(InitializeAdministrator), $"users/{terms!.Username}");
        var user = await Concurrency.RetryAsync(db, async token =>
        {
            var existing = await db.Users.AsNoTracking().Where(u => u.Role == Role.Admin).Select(u => u.UserName).OrderBy(n => n).ToListAsync(token);
            if (existing.Count > 0)
            {
                throw Problems.Conflict($"An administrator already exists ({string.Join(", ", existing)}): nothing was created. "
                    + "A locked-out administrator gets a new password with 'khyber admin reset-password USER'.");
            }
            return await accounts.OpenAsync(terms, password!, oneTime: false, by);
        }, ct);
        return UserView.Of(user, new Actor(by, Role.Admin, null, null, null), time.GetUtcNow());
    }
}
