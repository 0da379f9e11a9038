using System.Text.RegularExpressions;
using Khyber.Domain.Access;

namespace Khyber.Domain.Accounts;

/// <summary>An account as an administrator asks for it, before it is checked: every field as sent, possibly missing or wrong.</summary>
public sealed record AccountDraft(string? Username, string? DisplayName, string? Role, string? Side, string? CrossingId, string? CarrierId);

/// <summary>A valid account: who signs in, as what, for which side and crossing or company.</summary>
public sealed record AccountTerms(string Username, string DisplayName, Role Role, Side? Side, string? CrossingId, string? CarrierId);

/// <summary>What an account must be, field by field: the scope each role needs, and nothing it does not.</summary>
/// <remarks>
/// An officer works for one side at one crossing; a liaison for one side at every crossing; a carrier account for one
/// company and no side; an administrator may be scoped to a side (it then manages only that side's officials, see
/// <see cref="Permissions.MayManageAccount"/>) or to none, as the system administrator. A scope a role does not use is
/// refused rather than ignored, so that what was stored is what the administrator meant.
/// </remarks>
public static partial class AccountRules
{
    public const int MaxUsername = 64;
    public const int MaxDisplayName = 200;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$")]
    private static partial Regex UsernamePattern();

    public const string UsernameRule = "3–64 letters (a–z), digits, dots, dashes or underscores, starting with a letter or digit.";

    public static bool IsUsername(string? username) => username is not null && UsernamePattern().IsMatch(username);

    /// <summary>Checks every field; returns the account's terms, or null when any is wrong (the errors name each one).</summary>
    public static AccountTerms? Validate(AccountDraft d, FieldErrors errors)
    {
        var before = errors.All.Count;
        if (errors.Require(!string.IsNullOrWhiteSpace(d.Username), "username", "Required."))
        {
            errors.Require(IsUsername(d.Username), "username", UsernameRule);
        }
        var displayName = Text.Name(d.DisplayName, "displayName", MaxDisplayName, errors);
        var roleOk = errors.Require(Kebab.TryParse<Role>(d.Role, out var role), "role", $"One of {Kebab.Words<Role>()}.");

        Side? side = null;
        string? crossing = null;
        string? carrier = null;
        if (roleOk)
        {
            switch (role)
            {
                case Role.Officer:
                    side = Sides.Parse(d.Side, "side", errors);
                    crossing = Required(d.CrossingId, "crossingId", "An officer works at one crossing: name it.", errors);
                    Absent(d.CarrierId, "carrierId", "Only a carrier account belongs to a company.", errors);
                    break;
                case Role.Liaison:
                    side = Sides.Parse(d.Side, "side", errors);
                    Absent(d.CrossingId, "crossingId", "A liaison works at every crossing of its side: leave the crossing out.", errors);
                    Absent(d.CarrierId, "carrierId", "Only a carrier account belongs to a company.", errors);
                    break;
                case Role.Carrier:
                    Absent(d.Side, "side", "A carrier belongs to no side: leave the side out.", errors);
                    Absent(d.CrossingId, "crossingId", "A carrier is not bound to a crossing: leave the crossing out.", errors);
                    carrier = Required(d.CarrierId, "carrierId", "A carrier account belongs to one company: name it.", errors);
                    break;
                case Role.Admin:
                    // Optional: an administrator of one side, or (without) the system administrator.
                    side = d.Side is null ? null : Sides.Parse(d.Side, "side", errors);
                    Absent(d.CrossingId, "crossingId", "An administrator is not bound to a crossing: leave the crossing out.", errors);
                    Absent(d.CarrierId, "carrierId", "Only a carrier account belongs to a company.", errors);
                    break;
            }
        }
        return errors.All.Count > before ? null : new AccountTerms(d.Username!, displayName!, role, side, crossing, carrier);
    }

    private static string? Required(string? value, string field, string message, FieldErrors errors) =>
        errors.Require(!string.IsNullOrWhiteSpace(value) && value.Length <= 64, field, message) ? value!.Trim() : null;

    private static void Absent(string? value, string field, string message, FieldErrors errors) =>
        errors.Require(value is null, field, message);
}

/// <summary>Checks on text people type: names, numbers, reasons.</summary>
internal static class Text
{
    /// <summary>Required, at most <paramref name="max"/> characters once trimmed, no control characters; returns it trimmed.</summary>
    public static string? Name(string? value, string field, int max, FieldErrors errors)
    {
        if (!errors.Require(!string.IsNullOrWhiteSpace(value), field, "Required."))
        {
            return null;
        }
        var trimmed = value!.Trim();
        var ok = errors.Require(trimmed.Length <= max, field, $"At most {max} characters.")
            & errors.Require(!trimmed.Any(char.IsControl), field, "Control characters are not allowed.");
        return ok ? trimmed : null;
    }

    /// <summary>Optional prose of at most <paramref name="max"/> characters; line breaks allowed, other control characters not.</summary>
    public static string? Prose(string? value, string field, int max, FieldErrors errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Require(!required, field, "Required.");
            return null;
        }
        var trimmed = value.Trim();
        var ok = errors.Require(trimmed.Length <= max, field, $"At most {max} characters.")
            & errors.Require(!trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r'), field, "Control characters other than line breaks are not allowed.");
        return ok ? trimmed : null;
    }
}
