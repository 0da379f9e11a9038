using Khyber.Domain.Trucks;

namespace Khyber.Domain.Sms;

/// <summary>What a driver's text asks about.</summary>
public enum QuestionKind
{
    /// <summary>"status" (or nothing but a question mark): the trucks registered with the sending number.</summary>
    Status,

    /// <summary>A plate: that truck, if the sending number is its driver's.</summary>
    Plate,

    /// <summary>A tracking code: that registration, if the sending number is its driver's.</summary>
    Code,

    /// <summary>Anything else, or "help".</summary>
    Help,
}

/// <summary>A driver's text, read.</summary>
public sealed record DriverQuestion(QuestionKind Kind, string? Subject);

/// <summary>Reads what drivers text to the service number.</summary>
/// <remarks>
/// Drivers write the keyword in their own script too (حالت, وضعیت, حال), may put it before the plate, and type codes
/// and plates with spaces and dashes: all of that is read. A code is tried before a plate, as the two can look alike.
/// </remarks>
public static class DriverQuestions
{
    public const int MaxLength = 480;

    private static readonly HashSet<string> StatusWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "STATUS", "STAT", "ST", "?", "حالت", "وضعیت", "وضعيت", "حال", "صورتحال", "ځای", "جای", "کیفیت",
    };

    private static readonly HashSet<string> HelpWords = new(StringComparer.OrdinalIgnoreCase) { "HELP", "مدد", "مرسته", "کمک" };

    public static DriverQuestion Read(string text)
    {
        var words = text.Split([' ', '\t', '\n', '\r', ',', '.', '!', '؟', '?', ':', '،'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (text.Contains('?', StringComparison.Ordinal) || text.Contains('؟', StringComparison.Ordinal))
        {
            words.Add("?");
        }
        if (words.Count == 0 || words.Any(HelpWords.Contains))
        {
            return new DriverQuestion(words.Count == 0 ? QuestionKind.Status : QuestionKind.Help, null);
        }
        var rest = string.Concat(words.Where(w => !StatusWords.Contains(w)));
        if (rest.Length == 0)
        {
            return new DriverQuestion(QuestionKind.Status, null);
        }
        if (TrackingCode.Normalize(rest) is { } code)
        {
            return new DriverQuestion(QuestionKind.Code, code);
        }
        var plate = TruckRules.NormalizePlate(rest);
        return plate.Length is >= 2 and <= 15 && plate.All(char.IsAsciiLetterOrDigit) && plate.Length == rest.Count(char.IsLetterOrDigit)
            ? new DriverQuestion(QuestionKind.Plate, plate)
            : new DriverQuestion(QuestionKind.Help, null);
    }
}
