using System.Security.Cryptography;

namespace Khyber.Domain.Trucks;

/// <summary>
/// The short code that opens a registration's login-free status page and names it in a driver's text: eight characters
/// drawn by a cryptographic generator from 30 that cannot be mistaken for one another on a phone's screen (no 0, 1,
/// I, L, O or U).
/// </summary>
/// <remarks>30⁸ ≈ 6.6 × 10¹¹ codes: guessing one of even a hundred thousand live codes takes millions of tries, and the page is rate-limited.</remarks>
public static class TrackingCode
{
    public const int Length = 8;

    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>A code as someone typed it — any case, spaces or dashes between — in its stored form, or null if it cannot be one.</summary>
    public static string? Normalize(string? text)
    {
        if (text is null || text.Length > 32)
        {
            return null;
        }
        var code = new string(text.Where(c => c is not (' ' or '-')).ToArray()).ToUpperInvariant();
        return code.Length == Length && code.All(Alphabet.Contains) ? code : null;
    }
}
