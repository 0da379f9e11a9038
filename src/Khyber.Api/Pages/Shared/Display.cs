using System.Globalization;
using System.Text;
using Khyber.Domain;
using Khyber.Domain.Notices;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace Khyber.Api.Pages.Shared;

/// <summary>How the pages show times, states, amounts and the border's words, in the request's language.</summary>
public static class Display
{
    public static readonly TimeZoneInfo Karachi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Karachi");
    public static readonly TimeZoneInfo Kabul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kabul");

    public static TimeZoneInfo ZoneOf(Side side) => side == Side.PK ? Karachi : Kabul;

    public static bool RightToLeft => CultureInfo.CurrentUICulture.TextInfo.IsRightToLeft;

    /// <summary>A time as both sides read it: Pakistan's clock and Afghanistan's, each labelled.</summary>
    public static IHtmlContent BothZones(DateTimeOffset? at, IStringLocalizer t)
    {
        if (at is not { } value)
        {
            return new HtmlString("");
        }
        var html = new HtmlContentBuilder();
        html.AppendHtml("<span class=\"times\">");
        Append(html, value, Karachi, t["PKT"], t["Pakistan time"]);
        html.AppendHtml("<span class=\"sep\" aria-hidden=\"true\"> · </span>");
        Append(html, value, Kabul, t["AFT"], t["Afghanistan time"]);
        html.AppendHtml("</span>");
        return html;
    }

    private static void Append(HtmlContentBuilder html, DateTimeOffset value, TimeZoneInfo zone, string abbreviation, string name)
    {
        var local = TimeZoneInfo.ConvertTime(value, zone);
        html.AppendHtml("<span class=\"time\"><time datetime=\"");
        html.Append(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        html.AppendHtml("\">");
        html.Append(local.ToString("g", CultureInfo.CurrentCulture));
        html.AppendHtml("</time> <abbr title=\"");
        html.Append(name);
        html.AppendHtml("\">");
        html.Append(abbreviation);
        html.AppendHtml("</abbr></span>");
    }

    /// <summary>A value for a datetime-local input, in a side's zone.</summary>
    public static string LocalInput(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A datetime-local input's value, read as a time in the given zone.</summary>
    public static DateTimeOffset? FromLocalInput(string? text, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(text) || !DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }
        var offset = zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset).ToUniversalTime();
    }

    /// <summary>A gate state as an icon and a word, never by colour alone.</summary>
    public static IHtmlContent State(GateState state, IStringLocalizer t)
    {
        var (css, icon) = state switch
        {
            GateState.Open => ("open", "✔"),
            GateState.Restricted => ("restricted", "▲"),
            _ => ("closed", "✖"),
        };
        var html = new HtmlContentBuilder();
        html.AppendHtml($"<span class=\"state state-{css}\"><span class=\"icon\" aria-hidden=\"true\">{icon}</span> ");
        html.Append(t[Label(state)]);
        html.AppendHtml("</span>");
        return html;
    }

    /// <summary>The English words of an enum value ("CommitmentDispute" → "Commitment dispute"), the key of its translation.</summary>
    public static string Label(Enum value)
    {
        var name = value.ToString();
        var words = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }
        return words.ToString();
    }

    public static string Localized(this IStringLocalizer t, Enum value) => t[Label(value)];

    /// <summary>A direction as people say it: "Pakistan → Afghanistan".</summary>
    public static string DirectionName(string id, IStringLocalizer t) => id switch
    {
        "PK-AF" => t["Pakistan to Afghanistan"],
        "AF-PK" => t["Afghanistan to Pakistan"],
        _ => id,
    };

    public static string SideName(string side, IStringLocalizer t) => side switch
    {
        "PK" => t["Pakistan"],
        "AF" => t["Afghanistan"],
        _ => side,
    };

    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Number(double value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Number(decimal value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Money(decimal value, IStringLocalizer t) => t["{0} USD", value.ToString("N0", CultureInfo.CurrentCulture)];

    /// <summary>Minutes as hours and minutes ("2 h 15 min"), or the words for no estimate.</summary>
    public static string Duration(double? minutes, IStringLocalizer t)
    {
        if (minutes is not { } m)
        {
            return t["No estimate while blocked"];
        }
        var total = (long)Math.Round(m);
        var hours = total / 60;
        var rest = total % 60;
        return hours switch
        {
            0 => t["{0} min", rest.ToString(CultureInfo.CurrentCulture)],
            < 48 => t["{0} h {1} min", hours.ToString(CultureInfo.CurrentCulture), rest.ToString(CultureInfo.CurrentCulture)],
            _ => t["{0} days {1} h", (hours / 24).ToString(CultureInfo.CurrentCulture), (hours % 24).ToString(CultureInfo.CurrentCulture)],
        };
    }
}
