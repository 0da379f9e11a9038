namespace Khyber.Domain.Sms;

/// <summary>How a text travels: the GSM 7-bit alphabet, or UCS-2 for any other script (Urdu, Pashto, Dari).</summary>
public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <summary>A text's encoding, its length in that encoding's units, and how many SMS parts it takes.</summary>
public sealed record SmsSize(SmsEncoding Encoding, int Units, int Parts);

/// <summary>Measures texts the way the network will carry them.</summary>
/// <remarks>
/// One GSM 7-bit SMS holds 160 characters (153 per part once a long text is split, the rest of each part being the
/// header that joins them); a character of the extension table (€ [ ] { } ~ \ ^ |) takes two. UCS-2 holds 70 UTF-16
/// units, 67 per part when split. Gateways (Kannel with <c>concatenation = true</c>) split the same way.
/// </remarks>
public static class SmsText
{
    /// <summary>No driver message may take more than two parts: each part is paid for and may arrive on its own.</summary>
    public const int MaxParts = 2;

    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "\f^{}\\[~]|€";

    public static SmsSize Measure(string text)
    {
        var units = 0;
        foreach (var c in text)
        {
            if (Basic.Contains(c, StringComparison.Ordinal))
            {
                units += 1;
            }
            else if (Extension.Contains(c, StringComparison.Ordinal))
            {
                units += 2;
            }
            else
            {
                // One character outside the GSM alphabet turns the whole text into UCS-2.
                return Size(SmsEncoding.Ucs2, text.Length, 70, 67);
            }
        }
        return Size(SmsEncoding.Gsm7, units, 160, 153);
    }

    /// <summary>The text in the GSM basic alphabet: dashes and quotes as their plain forms, anything else outside it dropped.</summary>
    public static string ToGsm(string text)
    {
        var plain = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            var mapped = c switch
            {
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' => '-',
                '\u2018' or '\u2019' or '\u201A' or '`' => '\'',
                '\u201C' or '\u201D' or '\u201E' => '"',
                '\u00A0' => ' ',
                _ => c,
            };
            if (Basic.Contains(mapped, StringComparison.Ordinal))
            {
                plain.Append(mapped);
            }
        }
        return plain.ToString();
    }

    private static SmsSize Size(SmsEncoding encoding, int units, int single, int perPart) =>
        new(encoding, units, units <= single ? 1 : (units + perPart - 1) / perPart);
}
