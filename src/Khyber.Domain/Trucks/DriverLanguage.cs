namespace Khyber.Domain.Trucks;

/// <summary>The language of a driver's text messages: English, Urdu, Pashto or Dari, as the pages speak them.</summary>
public enum DriverLanguage
{
    En,
    Ur,
    Ps,
    FaAf,
}

/// <summary>The wire codes of <see cref="DriverLanguage"/> (BCP 47, as the pages' cultures): en, ur, ps, fa-AF.</summary>
public static class DriverLanguages
{
    private static readonly (DriverLanguage Language, string Code)[] Codes =
        [(DriverLanguage.En, "en"), (DriverLanguage.Ur, "ur"), (DriverLanguage.Ps, "ps"), (DriverLanguage.FaAf, "fa-AF")];

    public static string Words => string.Join(", ", Codes.Select(c => c.Code));

    public static string Code(this DriverLanguage language) => Codes.Single(c => c.Language == language).Code;

    /// <summary>A code as sent, in any case (language tags are case-insensitive): en, ur, ps or fa-AF, and nothing else.</summary>
    public static bool TryParse(string? text, out DriverLanguage language)
    {
        foreach (var (candidate, code) in Codes)
        {
            if (string.Equals(text, code, StringComparison.OrdinalIgnoreCase))
            {
                language = candidate;
                return true;
            }
        }
        language = default;
        return false;
    }

    /// <summary>Right-to-left scripts: Urdu, Pashto and Dari.</summary>
    public static bool RightToLeft(this DriverLanguage language) => language != DriverLanguage.En;

    /// <summary>
    /// The language a message to a number goes in when nobody chose one: Urdu for Pakistan (+92), Pashto for
    /// Afghanistan (+93, the language of most drivers at the eastern crossings), Dari for Iran and Tajikistan, else English.
    /// </summary>
    public static DriverLanguage ForCountryCode(int countryCode) => countryCode switch
    {
        92 => DriverLanguage.Ur,
        93 => DriverLanguage.Ps,
        98 or 992 => DriverLanguage.FaAf,
        _ => DriverLanguage.En,
    };
}
