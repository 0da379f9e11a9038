using System.Globalization;
using System.Text.RegularExpressions;

namespace Khyber.Domain.Trucks;

/// <summary>A registration as a carrier submits it, before it is checked: every field as sent, possibly missing or wrong.</summary>
public sealed record TruckDraft(
    string? CrossingId,
    string? Direction,
    string? Plate,
    string? RegistrationCountry,
    string? DriverName,
    string? DriverDocumentNumber,
    string? CargoDescription,
    string? HsCode,
    string? Category,
    decimal? ValueUsd,
    decimal? WeightKg,
    DateTimeOffset? SpoilsAt,
    double? ShelfLifeHours,
    string? DriverPhone = null,
    string? DriverLanguage = null);

/// <summary>A valid registration: the typed, normalised values a <see cref="Truck"/> is registered with.</summary>
public sealed record TruckRegistration(
    string CrossingId,
    Direction Direction,
    string Plate,
    string RegistrationCountry,
    string DriverName,
    string DriverDocumentNumber,
    string CargoDescription,
    string HsCode,
    CargoCategory Category,
    decimal ValueUsd,
    decimal WeightKg,
    DateTimeOffset? SpoilsAt,
    string? DriverPhone = null,
    DriverLanguage? DriverLanguage = null);

/// <summary>What a registration must satisfy, field by field.</summary>
public static partial class TruckRules
{
    public const decimal MaxWeightKg = 80_000m;
    public const decimal MaxValueUsd = 100_000_000m;
    public const double MaxShelfLifeHours = 24 * 365;

    [GeneratedRegex("^[A-Z0-9][A-Z0-9 -]{1,14}$")]
    private static partial Regex PlatePattern();

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex HsCodePattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{3,19}$")]
    private static partial Regex DocumentPattern();

    /// <summary>Plates are compared without spaces or dashes and in upper case: "PES 1234" is "PES-1234".</summary>
    public static string NormalizePlate(string plate) =>
        new string(plate.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();

    public static bool IsCountryCode(string? code)
    {
        if (code is not { Length: 2 } || !code.All(c => c is >= 'A' and <= 'Z'))
        {
            return false;
        }
        try
        {
            return new RegionInfo(code).TwoLetterISORegionName == code;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Checks every field and returns the registration with its values normalised (plate without spaces or dashes,
    /// document number in capitals, text trimmed, a perishable's spoil time from its shelf life, the driver's mobile
    /// number in E.164 and, when it is given without a language, the language of its country), or null when any
    /// field is wrong — the errors name every one.
    /// </summary>
    /// <remarks>The driver's phone and language are optional: without a phone, no text message is sent.</remarks>
    public static TruckRegistration? Validate(TruckDraft d, DateTimeOffset now, FieldErrors errors)
    {
        var errorsBefore = errors.All.Count;
        errors.Require(!string.IsNullOrWhiteSpace(d.CrossingId), "crossingId", "Required.");
        errors.Require(Directions.TryParse(d.Direction, out var direction), "direction", "Must be PK-AF or AF-PK.");

        if (errors.Require(!string.IsNullOrWhiteSpace(d.Plate), "plate", "Required."))
        {
            errors.Require(PlatePattern().IsMatch(d.Plate!.Trim().ToUpperInvariant()), "plate", "2–15 letters, digits, spaces or dashes, starting with a letter or digit.");
        }
        errors.Require(IsCountryCode(d.RegistrationCountry), "registrationCountry", "An ISO 3166 alpha-2 country code in capitals, such as PK or AF.");
        if (errors.Require(!string.IsNullOrWhiteSpace(d.DriverName), "driver.name", "Required."))
        {
            errors.Require(d.DriverName!.Trim().Length <= 200, "driver.name", "At most 200 characters.");
            errors.Require(!d.DriverName.Any(char.IsControl), "driver.name", "Control characters are not allowed.");
        }
        if (errors.Require(!string.IsNullOrWhiteSpace(d.DriverDocumentNumber), "driver.documentNumber", "Required."))
        {
            errors.Require(DocumentPattern().IsMatch(d.DriverDocumentNumber!.Trim().ToUpperInvariant()), "driver.documentNumber", "4–20 letters, digits or dashes.");
        }
        string? phone = null;
        if (d.DriverPhone is not null)
        {
            phone = Trucks.DriverPhone.Parse(d.DriverPhone, IsCountryCode(d.RegistrationCountry) ? d.RegistrationCountry : null, out var phoneError);
            if (phoneError is not null)
            {
                errors.Add("driver.phone", phoneError);
            }
        }
        DriverLanguage? language = null;
        if (d.DriverLanguage is not null)
        {
            if (errors.Require(DriverLanguages.TryParse(d.DriverLanguage, out var chosen), "driver.language", $"One of {DriverLanguages.Words}."))
            {
                language = chosen;
            }
        }
        if (errors.Require(!string.IsNullOrWhiteSpace(d.CargoDescription), "cargo.description", "Required."))
        {
            errors.Require(d.CargoDescription!.Trim().Length <= 500, "cargo.description", "At most 500 characters.");
            errors.Require(!d.CargoDescription.Any(c => char.IsControl(c) && c is not '\n'), "cargo.description", "Control characters are not allowed.");
        }
        errors.Require(d.HsCode is not null && HsCodePattern().IsMatch(d.HsCode), "cargo.hsCode", "The 6-digit Harmonized System code, such as 080810 for apples.");
        var categoryOk = errors.Require(Kebab.TryParse<CargoCategory>(d.Category, out var category), "cargo.category", $"One of {Kebab.Words<CargoCategory>()}.");
        if (d.ValueUsd is not { } value)
        {
            errors.Add("cargo.valueUsd", "Required.");
        }
        else
        {
            errors.Require(value >= 0 && value <= MaxValueUsd, "cargo.valueUsd", $"At least 0 and at most {MaxValueUsd:N0}.");
        }
        if (d.WeightKg is not { } weight)
        {
            errors.Add("cargo.weightKg", "Required.");
        }
        else
        {
            errors.Require(weight > 0 && weight <= MaxWeightKg, "cargo.weightKg", $"More than 0 and at most {MaxWeightKg:N0}.");
        }

        DateTimeOffset? spoilsAt = null;
        if (d.ShelfLifeHours is { } shelf && !(shelf > 0 && shelf <= MaxShelfLifeHours))
        {
            errors.Add("cargo.shelfLifeHours", $"More than 0 and at most {MaxShelfLifeHours} hours.");
        }
        if (categoryOk && category == CargoCategory.Perishable)
        {
            if (d.SpoilsAt is { } at)
            {
                errors.Require(at > now, "cargo.spoilsAt", "A perishable's spoil time must be in the future.");
                spoilsAt = at.ToUniversalTime();
            }
            else if (d.ShelfLifeHours is { } hours and > 0 and <= MaxShelfLifeHours)
            {
                spoilsAt = now.AddHours(hours);
            }
            else if (d.ShelfLifeHours is null)
            {
                errors.Add("cargo.spoilsAt", "A perishable needs spoilsAt or shelfLifeHours.");
            }
        }
        else if (categoryOk && (d.SpoilsAt is not null || d.ShelfLifeHours is not null))
        {
            errors.Add(d.SpoilsAt is not null ? "cargo.spoilsAt" : "cargo.shelfLifeHours", "Only perishable cargo has a spoil time.");
        }
        if (errors.All.Count > errorsBefore)
        {
            return null;
        }
        return new TruckRegistration(
            d.CrossingId!, direction, NormalizePlate(d.Plate!), d.RegistrationCountry!.Trim(), d.DriverName!.Trim(),
            d.DriverDocumentNumber!.Trim().ToUpperInvariant(), d.CargoDescription!.Trim(), d.HsCode!, category,
            d.ValueUsd!.Value, d.WeightKg!.Value, spoilsAt,
            phone, phone is null ? language : language ?? DriverLanguages.ForCountryCode(Trucks.DriverPhone.CountryCode(phone)));
    }
}
