namespace Khyber.Domain;

/// <summary>Enum members as the wire spells them: <c>ExchangeOfFire</c> is <c>exchange-of-fire</c>.</summary>
public static class Kebab
{
    /// <summary>
    /// The one parser of enum words on the wire: a member's kebab-case word, in any case (<c>exchange-of-fire</c>,
    /// <c>Exchange-Of-Fire</c>), and nothing else — not a number, a list, or the word with its hyphens moved.
    /// </summary>
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;
        var read = IsWord(text)
            && Enum.TryParse(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out value)
            && Enum.IsDefined(value)
            && string.Equals(Word(value.ToString()), text, StringComparison.OrdinalIgnoreCase);
        if (!read)
        {
            value = default;
        }
        return read;
    }

    /// <summary>
    /// Whether the text can be an enum word at all: letters and hyphens only. <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/>
    /// would also read numbers ("0-2", a GUID of zeros) and comma-joined lists ("open,restricted") as members.
    /// </summary>
    public static bool IsWord([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? text) =>
        !string.IsNullOrEmpty(text) && text.All(c => char.IsAsciiLetter(c) || c == '-');

    /// <summary>The wire words of an enum, for messages such as "One of on-track, done, failed."</summary>
    public static string Words<T>()
        where T : struct, Enum =>
        string.Join(", ", Enum.GetNames<T>().Select(Word));

    public static string Word(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
