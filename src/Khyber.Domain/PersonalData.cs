using System.Security.Cryptography;

namespace Khyber.Domain;

/// <summary>
/// How long a driver's personal data is kept, and the salt that lets it be forgotten: the audit log keeps a keyed hash
/// of each personal value mixed with its record's salt; erasing the value erases the salt, and from then on the hash
/// in the log matches no value — not even for the key's holder — while the entry, and so the chain, stay as written.
/// </summary>
public static class PersonalData
{
    /// <summary>Kept this many days after a registration ends unless configured (<c>Privacy:PersonalDataRetentionDays</c>).</summary>
    public const int DefaultRetentionDays = 90;

    /// <summary>The shortest retention allowed: a registration's disputes and reports are settled within a week.</summary>
    public const int MinRetentionDays = 7;

    /// <summary>A fresh random salt (128 bits, hex) for one record's personal data.</summary>
    public static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The retention in days from the configured value: <paramref name="configured"/> or the default, never under
    /// <see cref="MinRetentionDays"/>; 0 or less keeps personal data until it is erased by hand (returns null).
    /// </summary>
    public static int? RetentionDays(int? configured) => configured switch
    {
        null => DefaultRetentionDays,
        <= 0 => null,
        var days => Math.Max(MinRetentionDays, days.Value),
    };

    /// <summary>Registrations that ended before this moment have their driver's data erased.</summary>
    public static DateTimeOffset ErasableBefore(DateTimeOffset now, int retentionDays) => now - TimeSpan.FromDays(retentionDays);
}
