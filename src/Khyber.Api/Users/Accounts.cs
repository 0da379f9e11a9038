using System.Security.Cryptography;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;
using Microsoft.AspNetCore.Identity;

namespace Khyber.Api.Users;

/// <summary>
/// The steps shared by every use case that opens an account or sets its password — the administrator's, the approval
/// of a company, the first administrator from the command line, a user's own change: Identity's password rules as
/// field errors, the account and its audited <see cref="AccountChange"/> written in one save, and Identity's refusals
/// turned into problems.
/// </summary>
/// <remarks>
/// Every change of a password, and disabling an account, renews the account's security stamp and ends the account's
/// sessions, in the same save: the tokens, refresh tokens and cookies issued before it stop working at once (<see cref="Sessions"/>).
/// </remarks>
public sealed class Accounts(UserManager<KhyberUser> users, KhyberDb db, TimeProvider time)
{
    public const int MaxPasswordLength = 256;

    /// <summary>Checks a password against the rules (<see cref="AuthSetup.AddKhyberAccounts"/>), naming <paramref name="field"/> with each rule it breaks.</summary>
    public async Task CheckPasswordAsync(string? password, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(password))
        {
            errors.Add(field, "Required.");
            return;
        }
        if (password.Length > MaxPasswordLength)
        {
            errors.Add(field, $"At most {MaxPasswordLength} characters.");
            return;
        }
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, new KhyberUser(), password);
            foreach (var error in result.Errors)
            {
                errors.Add(field, error.Description);
            }
        }
    }

    public Task<KhyberUser?> FindAsync(string username) => users.FindByNameAsync(username.Trim());

    /// <summary>The account an administrator acts on: 403 for a non-administrator, 404 when there is none, 403 when it is outside the administrator's side.</summary>
    public async Task<KhyberUser> ManagedAsync(Actor actor, string username)
    {
        AuthSetup.Require(Permissions.MayAdminister(actor), "Accounts are managed by an administrator.");
        var user = await FindAsync(username) ?? throw Problems.NotFound($"No user '{username}'.");
        AuthSetup.Require(Permissions.MayManageAccount(actor, user.Role, user.Side), CreateUser.ScopeRefusal(actor));
        return user;
    }

    /// <summary>
    /// Opens the account with its password, and records that it was opened, in one save; with <paramref name="oneTime"/>,
    /// the password is one to pass on, and the user must choose their own before the first token.
    /// </summary>
    public async Task<KhyberUser> OpenAsync(AccountTerms terms, string password, bool oneTime, string by)
    {
        var user = new KhyberUser
        {
            UserName = terms.Username,
            DisplayName = terms.DisplayName,
            Role = terms.Role,
            Side = terms.Side,
            CrossingId = terms.CrossingId,
            CarrierId = terms.CarrierId,
            PasswordChangeRequired = oneTime,
        };
        var change = db.AccountChanges.Add(AccountChange.Of(user, AccountChangeKind.Created, by, time.GetUtcNow()));
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            change.State = Microsoft.EntityFrameworkCore.EntityState.Detached;
            throw Refusal(result, "password");
        }
        return user;
    }

    /// <summary>
    /// Sets a new password (already checked against the rules), ends any lockout, renews the security stamp and records
    /// the change, in one save.
    /// </summary>
    public async Task SetPasswordAsync(KhyberUser user, string password, bool oneTime, AccountChangeKind change, string by)
    {
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.PasswordChangeRequired = oneTime;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        await RecordAsync(user, change, by, renewStamp: true);
    }

    /// <summary>
    /// Saves what the caller changed on the account and records the change; with <paramref name="renewStamp"/>, its
    /// tokens and cookies stop; a change that ends sessions (<see cref="Sessions.EndedBy"/>) ends them in the same save.
    /// </summary>
    public async Task RecordAsync(KhyberUser user, AccountChangeKind change, string by, bool renewStamp)
    {
        var now = time.GetUtcNow();
        if (Sessions.EndedBy(change) is { } why)
        {
            await Sessions.EndAllAsync(db, user.Id, why, now, CancellationToken.None);
        }
        var record = db.AccountChanges.Add(AccountChange.Of(user, change, by, now));
        var result = renewStamp ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            record.State = Microsoft.EntityFrameworkCore.EntityState.Detached;
            throw Refusal(result, "password");
        }
    }

    /// <summary>Whether the account is locked out now (five wrong passwords in a row, for 15 minutes).</summary>
    public bool IsLockedOut(KhyberUser user) => user.LockoutEnd is { } end && end > time.GetUtcNow();

    private static ApiProblemException Refusal(IdentityResult result, string passwordField)
    {
        var errors = new FieldErrors();
        foreach (var error in result.Errors)
        {
            switch (error.Code)
            {
                case nameof(IdentityErrorDescriber.DuplicateUserName):
                    errors.Add("username", "Taken: choose another username.");
                    break;
                case nameof(IdentityErrorDescriber.InvalidUserName):
                    errors.Add("username", AccountRules.UsernameRule);
                    break;
                case nameof(IdentityErrorDescriber.ConcurrencyFailure):
                    return Problems.Conflict("Someone else changed this account at the same moment; try again.");
                default:
                    if (error.Code.StartsWith("Password", StringComparison.Ordinal))
                    {
                        errors.Add(passwordField, error.Description);
                    }
                    else
                    {
                        return Problems.Conflict(error.Description);
                    }
                    break;
            }
        }
        return Problems.Invalid(errors);
    }
}

/// <summary>A password an administrator passes on to a user, who must change it at the first sign-in.</summary>
public static class OneTimePassword
{
    private const string Lower = "abcdefghijkmnpqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Any = Lower + Upper + Digits;

    /// <summary>
    /// Twelve letters and digits in three groups of four (<c>Kq7m-Hx2p-Rw9t</c>): easy to read out over a telephone —
    /// no 0/O or 1/l/I — and about 67 bits, far beyond guessing behind the lockout; it meets every password rule.
    /// </summary>
    public static string New()
    {
        var chars = new char[12];
        chars[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        for (var i = 3; i < chars.Length; i++)
        {
            chars[i] = Any[RandomNumberGenerator.GetInt32(Any.Length)];
        }
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return $"{new string(chars, 0, 4)}-{new string(chars, 4, 4)}-{new string(chars, 8, 4)}";
    }
}
