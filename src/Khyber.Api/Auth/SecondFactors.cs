using System.Security.Cryptography;
using System.Text;
using Khyber.Domain.Access;
using Khyber.Storage;
using OtpNet;
using QRCoder;

namespace Khyber.Api.Auth;

/// <summary>
/// The second factor of an account: an authenticator app's time-based codes (RFC 6238: SHA-1, 30-second steps, 6
/// digits) and ten recovery codes, each usable once. Which roles must have one is configured
/// (<c>Auth:SecondFactorRoles</c>, default <c>liaison,admin</c>; empty: none): the accounts that can close a border.
/// </summary>
/// <remarks>
/// Codes are checked against the injected clock, one step either side (a phone's clock a little off); the last accepted
/// step is stored, and a code of that step or an earlier one is refused, so a code seen over a shoulder cannot be used
/// again. Recovery codes are kept only as SHA-256 hashes: 60 random bits each, beyond guessing behind the lockout, so
/// an unsalted fast hash suffices.
/// </remarks>
public sealed class SecondFactors(IConfiguration config, TimeProvider time)
{
    public const string Issuer = "Khyber";

    public const int RecoveryCodeCount = 10;

    private const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>The roles that must have a second factor, from configuration.</summary>
    public IReadOnlySet<Role> RequiredRoles
    {
        get
        {
            var configured = config["Auth:SecondFactorRoles"] ?? "liaison,admin";
            var roles = new HashSet<Role>();
            foreach (var word in configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                roles.Add(Enum.TryParse<Role>(word, ignoreCase: true, out var role)
                    ? role
                    : throw new InvalidOperationException($"Auth:SecondFactorRoles names an unknown role '{word}'."));
            }
            return roles;
        }
    }

    /// <summary>Whether the account's role requires a second factor.</summary>
    public bool IsRequired(KhyberUser user) => RequiredRoles.Contains(user.Role);

    public static bool IsEnrolled(KhyberUser user) => user.SecondFactorEnrolledAt is not null && user.TotpSecret is not null;

    /// <summary>A new shared secret: 160 random bits (the length RFC 4226 recommends), base32 as authenticator apps take it.</summary>
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    /// <summary>The <c>otpauth://</c> URI an authenticator app reads from the QR code.</summary>
    public static string UriOf(string secret, string username) =>
        new OtpUri(OtpType.Totp, secret, username, Issuer).ToString();

    /// <summary>The QR code of <paramref name="uri"/> as a PNG <c>data:</c> URI, which the pages' CSP allows as an image.</summary>
    public static string QrCodeOf(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary>
    /// Checks a code of the account's authenticator (6 digits) or one of its recovery codes, and uses it up: the step
    /// is remembered, the recovery code removed. The caller saves.
    /// </summary>
    public bool TryUse(KhyberUser user, string? code, bool pending = false)
    {
        if (user.TotpSecret is null || (!pending && !IsEnrolled(user)) || string.IsNullOrWhiteSpace(code))
        {
            return false;
        }
        var given = code.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (given.Length == 6 && given.All(char.IsAsciiDigit))
        {
            var totp = new Totp(Base32Encoding.ToBytes(user.TotpSecret));
            if (!totp.VerifyTotp(time.GetUtcNow().UtcDateTime, given, out var step, VerificationWindow.RfcSpecifiedNetworkDelay)
                || step <= (user.TotpLastStep ?? long.MinValue))
            {
                return false;
            }
            user.TotpLastStep = step;
            return true;
        }
        if (pending)
        {
            return false;
        }
        var hash = Hash(given.ToLowerInvariant());
        var hashes = (user.RecoveryCodeHashes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (!hashes.Remove(hash))
        {
            return false;
        }
        user.RecoveryCodeHashes = string.Join(' ', hashes);
        return true;
    }

    /// <summary>Ten new recovery codes (<c>xxxx-xxxx-xxxx</c>); only their hashes are kept on the account.</summary>
    public static List<string> NewRecoveryCodes(KhyberUser user)
    {
        var codes = new List<string>();
        for (var i = 0; i < RecoveryCodeCount; i++)
        {
            var chars = new char[12];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = RecoveryAlphabet[RandomNumberGenerator.GetInt32(RecoveryAlphabet.Length)];
            }
            codes.Add($"{new string(chars, 0, 4)}-{new string(chars, 4, 4)}-{new string(chars, 8, 4)}");
        }
        user.RecoveryCodeHashes = string.Join(' ', codes.Select(Hash));
        return codes;
    }

    /// <summary>How many recovery codes are left.</summary>
    public static int RecoveryCodesLeft(KhyberUser user) => (user.RecoveryCodeHashes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Forgets the authenticator and the recovery codes.</summary>
    public static void Remove(KhyberUser user)
    {
        user.TotpSecret = null;
        user.SecondFactorEnrolledAt = null;
        user.TotpLastStep = null;
        user.RecoveryCodeHashes = null;
    }

    private static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
