using PhoneNumbers;

namespace Khyber.Domain.Trucks;

/// <summary>A driver's mobile number, read as carriers write it and kept in E.164 (+93701234567).</summary>
/// <remarks>
/// A number written with its country code (+93 …, 0093 …) is read as such; one written the national way
/// (0300 1234567) is read in the country given, the truck's registration country. Only a mobile number is taken:
/// Khyber's messages are text messages, which a landline does not receive.
/// </remarks>
public static class DriverPhone
{
    public const int MaxLength = 32;

    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    /// <summary>The number in E.164, or null with the reason in <paramref name="error"/>.</summary>
    public static string? Parse(string? text, string? country, out string? error)
    {
        error = null;
        var written = text?.Trim() ?? "";
        if (written.Length is 0 or > MaxLength || !written.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.'))
        {
            error = "A mobile number of at most 32 digits, spaces or dashes, such as +93 70 123 4567 or +92 300 1234567.";
            return null;
        }
        PhoneNumber number;
        try
        {
            number = Numbers.Parse(written, country is { Length: 2 } ? country : "ZZ");
        }
        catch (NumberParseException)
        {
            error = "Not a phone number: write it with its country code, such as +93 70 123 4567 or +92 300 1234567.";
            return null;
        }
        if (!Numbers.IsValidNumber(number))
        {
            error = "Not a valid phone number in its country: check the digits and the country code.";
            return null;
        }
        if (Numbers.GetNumberType(number) is not (PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE))
        {
            error = "Not a mobile number: text messages reach mobile phones only.";
            return null;
        }
        return Numbers.Format(number, PhoneNumberFormat.E164);
    }

    /// <summary>The country calling code of a number in E.164 (92 for +92 300 …), 0 if it cannot be read.</summary>
    public static int CountryCode(string e164)
    {
        try
        {
            return Numbers.Parse(e164, "ZZ").CountryCode;
        }
        catch (NumberParseException)
        {
            return 0;
        }
    }
}
