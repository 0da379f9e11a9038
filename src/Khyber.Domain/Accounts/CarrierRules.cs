using System.Text;
using System.Text.RegularExpressions;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Accounts;

/// <summary>A carrier company as an administrator enters it or a company applies: every field as sent.</summary>
public sealed record CompanyDraft(string? Name, string? Country, string? RegistrationNumber, string? ContactName, string? ContactPhone, string? ContactEmail);

/// <summary>A valid company: trimmed text, the phone number in E.164 form.</summary>
public sealed record CompanyTerms(string Name, string Country, string RegistrationNumber, string ContactName, string ContactPhone, string ContactEmail);

/// <summary>What a carrier company's record must be, field by field, and how its id is made from its name.</summary>
public static partial class CarrierRules
{
    public const int MaxName = 200;
    public const int MaxRegistrationNumber = 64;
    public const int MaxEmail = 254;
    public const int MaxMessage = 2000;
    public const int MaxReason = 1000;
    public const int MaxIdLength = 40;

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    /// <summary>A phone number is written in many ways; it is kept as E.164 (+923001234567): spaces, dots, dashes and brackets dropped.</summary>
    public static string NormalizePhone(string phone) =>
        new(phone.Trim().Where(c => c is not (' ' or '-' or '.' or '(' or ')')).ToArray());

    /// <summary>Checks every field of a company; returns its terms, or null when any is wrong (the errors name each one).</summary>
    public static CompanyTerms? Validate(CompanyDraft d, FieldErrors errors)
    {
        var before = errors.All.Count;
        var name = Text.Name(d.Name, "name", MaxName, errors);
        errors.Require(TruckRules.IsCountryCode(d.Country), "country", "An ISO 3166 alpha-2 country code in capitals, such as PK or AF.");
        var registration = Text.Name(d.RegistrationNumber, "registrationNumber", MaxRegistrationNumber, errors);
        var contact = Text.Name(d.ContactName, "contact.name", MaxName, errors);
        string? phone = null;
        if (errors.Require(!string.IsNullOrWhiteSpace(d.ContactPhone), "contact.phone", "Required."))
        {
            phone = NormalizePhone(d.ContactPhone!);
            errors.Require(PhonePattern().IsMatch(phone), "contact.phone", "An international number: + and the country code, 8–15 digits, such as +92 300 1234567.");
        }
        string? email = null;
        if (errors.Require(!string.IsNullOrWhiteSpace(d.ContactEmail), "contact.email", "Required."))
        {
            email = d.ContactEmail!.Trim();
            errors.Require(email.Length <= MaxEmail && EmailPattern().IsMatch(email) && !email.Any(char.IsControl), "contact.email", $"An e-mail address such as dispatch@example.com, at most {MaxEmail} characters.");
        }
        return errors.All.Count > before ? null : new CompanyTerms(name!, d.Country!, registration!, contact!, phone!, email!);
    }

    /// <summary>Optional words from the applicant to the administrator.</summary>
    public static string? Message(string? message, FieldErrors errors) => Text.Prose(message, "message", MaxMessage, errors, required: false);

    /// <summary>Why an application is refused: required, so the company hears why.</summary>
    public static string? RejectionReason(string? reason, FieldErrors errors) => Text.Prose(reason, "reason", MaxReason, errors, required: true);

    /// <summary>
    /// A company's id as its name in lower-case Latin letters and digits joined by dashes ("Khyber Freight Lines" is
    /// <c>khyber-freight-lines</c>); a name with none of them (written only in Arabic script, say) gives <c>carrier</c>.
    /// The caller adds a number when the id is taken.
    /// </summary>
    public static string IdOf(string name)
    {
        var id = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                id.Append(c);
            }
            else if (id.Length > 0 && id[^1] != '-')
            {
                id.Append('-');
            }
            if (id.Length >= MaxIdLength)
            {
                break;
            }
        }
        var slug = id.ToString().Trim('-');
        return slug.Length == 0 ? "carrier" : slug;
    }
}
