using System.Security.Cryptography;
using System.Text;

namespace Khyber.Storage.Audit;

/// <summary>
/// The key under which the audit log hashes personal data (<c>Audit:PersonalDataKey</c>, at least 32 bytes): the log
/// shows that a driver's name or number changed, and anyone holding the key and the record's salt can check a
/// candidate value, but the log — read by both sides — never holds the value; once the record's personal data is erased
/// with its salt (<see cref="Khyber.Domain.PersonalData"/>), nobody can.
/// </summary>
/// <remarks>
/// Every instance writing to one database must share the key, or the same value hashes differently from one entry
/// to the next. Without a configured key each process draws its own (and the server warns at start): changes still
/// show, but hashes of one value differ between restarts. The chain verifies either way — it hashes the payload as written.
/// </remarks>
public sealed class PersonalDataKey
{
    public const string Prefix = "hmac-sha256:";

    private readonly byte[] _key;

    public PersonalDataKey(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new InvalidOperationException("Audit:PersonalDataKey must be at least 32 bytes.");
        }
        _key = key;
    }

    /// <summary>A key of this process only, for a database opened without one (tools that only read, tests).</summary>
    public static PersonalDataKey ForThisProcess { get; } = new(RandomNumberGenerator.GetBytes(32));

    /// <summary>The configured key, or null when none is configured (the caller warns and uses <see cref="ForThisProcess"/>).</summary>
    public static PersonalDataKey? FromSetting(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? null : new PersonalDataKey(Encoding.UTF8.GetBytes(configured));

    public string Hash(string value) => Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value)));

    /// <summary>
    /// The hash of <paramref name="value"/> salted with its record's <paramref name="salt"/> (a unit separator between
    /// them): checkable with the key while the record keeps its salt, unmatchable once the salt is erased.
    /// </summary>
    public string Hash(string? salt, string value) => salt is null ? Hash(value) : Hash(salt + "\u001f" + value);
}
