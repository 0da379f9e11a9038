using Khyber.Api.Incidents;
using Khyber.Api.Notices;
using Khyber.Domain;

namespace Khyber.Api.Pages.Shared;

/// <summary>The notice form as posted: times are the issuing side's wall-clock time.</summary>
public sealed class NoticeForm
{
    public string? Crossing { get; set; }

    public string GateState { get; set; } = "closed";

    public List<string> Directions { get; set; } = [];

    public string ReasonCategory { get; set; } = "security";

    public string? Reason { get; set; }

    public string? EffectiveFrom { get; set; }

    public string? ExpectedUntil { get; set; }

    public bool Emergency { get; set; }

    public string? EmergencyJustification { get; set; }

    public IssueNoticeRequest ToRequest(TimeZoneInfo zone) => new(
        GateState, Directions, ReasonCategory, Blank(Reason), Display.FromLocalInput(EffectiveFrom, zone), Display.FromLocalInput(ExpectedUntil, zone),
        Emergency, Emergency ? Blank(EmergencyJustification) : null, null, null, null);

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

/// <summary>The incident form as posted: one count per side, kind and outcome.</summary>
public sealed class IncidentForm
{
    public string? Crossing { get; set; }

    public string Category { get; set; } = "exchange-of-fire";

    public string? OccurredAt { get; set; }

    public string? Description { get; set; }

    public int PkPersonnelKilled { get; set; }

    public int PkPersonnelInjured { get; set; }

    public int PkCivilianKilled { get; set; }

    public int PkCivilianInjured { get; set; }

    public int AfPersonnelKilled { get; set; }

    public int AfPersonnelInjured { get; set; }

    public int AfCivilianKilled { get; set; }

    public int AfCivilianInjured { get; set; }

    public LogIncidentRequest ToRequest(string crossing, Side side, TimeZoneInfo zone)
    {
        var lines = new List<CasualtyRequest?>();
        void Add(string s, string kind, int killed, int injured)
        {
            if (killed != 0 || injured != 0)
            {
                lines.Add(new CasualtyRequest(s, kind, killed, injured));
            }
        }
        Add("PK", "personnel", PkPersonnelKilled, PkPersonnelInjured);
        Add("PK", "civilian", PkCivilianKilled, PkCivilianInjured);
        Add("AF", "personnel", AfPersonnelKilled, AfPersonnelInjured);
        Add("AF", "civilian", AfCivilianKilled, AfCivilianInjured);
        return new LogIncidentRequest(crossing, side.ToString(), Display.FromLocalInput(OccurredAt, zone), Category, lines, NoticeForm.Blank(Description));
    }
}

/// <summary>The done and refused messages that belong to one form of a page.</summary>
public sealed record MessagesFor(KhyberPage Page, string Form);

public sealed record NoticeFormView(KhyberPage Page, NoticeForm Form, IReadOnlyList<Crossings.CrossingView>? Crossings, Side Side);

public sealed record IncidentFormView(KhyberPage Page, IncidentForm Form, IReadOnlyList<Crossings.CrossingView>? Crossings, Side Side);

/// <summary>
/// The "more" link under a list that a page shows a page at a time: the same page again (a GET) with
/// <paramref name="Param"/> set to the next page's cursor, every other query value kept, scrolled to <paramref name="Anchor"/>.
/// </summary>
public sealed record MoreLink(string Param, string? Next, string Anchor)
{
    /// <summary>The page with this list at <paramref name="after"/>; null goes back to the list's first page.</summary>
    public string Href(HttpRequest request, string? after)
    {
        var query = request.Query.Where(q => q.Key != Param && q.Key != "handler")
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .ToList();
        if (after is not null)
        {
            query.Add($"{Uri.EscapeDataString(Param)}={Uri.EscapeDataString(after)}");
        }
        return $"{request.PathBase}{request.Path}{(query.Count > 0 ? "?" + string.Join("&", query) : "")}#{Anchor}";
    }
}
