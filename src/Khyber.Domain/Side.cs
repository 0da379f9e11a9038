namespace Khyber.Domain;

/// <summary>One of the two authorities of a crossing, by ISO 3166 alpha-2 country code.</summary>
public enum Side
{
    PK,
    AF,
}

public static class SideExtensions
{
    public static Side Other(this Side side) => side == Side.PK ? Side.AF : Side.PK;

    /// <summary>
    /// The IANA zone of the side's own calendar — its capital's: a day the side owes something by ends at midnight here.
    /// A crossing's gates keep the zones configured for each side (<c>CrossingSide.TimeZone</c>); these are the states'.
    /// </summary>
    public static string TimeZoneId(this Side side) => side == Side.PK ? "Asia/Karachi" : "Asia/Kabul";
}

public static class Sides
{
    /// <summary>Reads "PK" or "AF" (any case, surrounding spaces ignored); nothing else, not even a number.</summary>
    public static bool TryParse(string? text, out Side side)
    {
        side = default;
        var t = text?.Trim();
        return t is { Length: 2 } && t.All(char.IsAsciiLetter) && Enum.TryParse(t, ignoreCase: true, out side) && Enum.IsDefined(side);
    }

    /// <summary>Reads a side, or names <paramref name="field"/> in <paramref name="errors"/>.</summary>
    public static Side? Parse(string? text, string field, FieldErrors errors) =>
        errors.Require(TryParse(text, out var side), field, "PK or AF.") ? side : null;
}
