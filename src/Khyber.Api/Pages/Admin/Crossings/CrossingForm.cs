using System.Globalization;
using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;

namespace Khyber.Api.Pages.Admin.Crossings;

/// <summary>
/// A crossing's form as posted. Numbers are read as typed, in the invariant form the inputs send (0.4), whatever the
/// page's language; one that cannot be read reaches the rules as out of range, so they name its field.
/// </summary>
public sealed class CrossingForm
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? MinimumNoticeHours { get; set; } = "24";

    public string? NoShowMinutes { get; set; } = "20";

    public SideForm Pk { get; set; } = new() { TimeZone = "Asia/Karachi" };

    public SideForm Af { get; set; } = new() { TimeZone = "Asia/Kabul" };

    public DirectionForm PkAf { get; set; } = new();

    public DirectionForm AfPk { get; set; } = new();

    /// <summary>Ticked after a change was refused because it would strand called trucks.</summary>
    public bool Confirm { get; set; }

    /// <summary>The request, sides in the order PK, AF and directions PK-AF, AF-PK — so a refusal's <c>sides[0]</c> is Pakistan's.</summary>
    public CrossingRequest ToRequest(bool withId) => new(
        withId ? NoticeForm.Blank(Id)?.Trim() ?? "" : null,
        NoticeForm.Blank(Name),
        Whole(MinimumNoticeHours),
        Whole(NoShowMinutes),
        [Pk.ToRequest("PK"), Af.ToRequest("AF")],
        [PkAf.ToRequest("PK-AF"), AfPk.ToRequest("AF-PK")],
        Confirm ? true : null);

    public static CrossingForm From(CrossingSettingsView v) => new()
    {
        Id = v.Id,
        Name = v.Name,
        MinimumNoticeHours = Text(v.MinimumNoticeHours),
        NoShowMinutes = Text(v.NoShowMinutes),
        Pk = SideForm.From(v.Sides.Single(s => s.Country == "PK")),
        Af = SideForm.From(v.Sides.Single(s => s.Country == "AF")),
        PkAf = DirectionForm.From(v.Directions.Single(d => d.Direction == "PK-AF")),
        AfPk = DirectionForm.From(v.Directions.Single(d => d.Direction == "AF-PK")),
    };

    /// <summary>The form field a refusal's field names: <c>sides[0].closesAt</c> → <c>Pk.ClosesAt</c>.</summary>
    public static string? FieldOf(string apiField) => apiField switch
    {
        "id" => "Id",
        "name" => "Name",
        "minimumNoticeHours" => "MinimumNoticeHours",
        "noShowMinutes" => "NoShowMinutes",
        _ when apiField.StartsWith("sides[0].", StringComparison.Ordinal) => "Pk." + Pascal(apiField["sides[0].".Length..]),
        _ when apiField.StartsWith("sides[1].", StringComparison.Ordinal) => "Af." + Pascal(apiField["sides[1].".Length..]),
        _ when apiField.StartsWith("directions[0].", StringComparison.Ordinal) => "PkAf." + Pascal(apiField["directions[0].".Length..]),
        _ when apiField.StartsWith("directions[1].", StringComparison.Ordinal) => "AfPk." + Pascal(apiField["directions[1].".Length..]),
        _ => null,
    };

    private static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    internal static string Text(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static int? Whole(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : int.MinValue;

    internal static double? Number(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : double.NaN;
}

/// <summary>One side's part of the form: authority, zone, and the gate's hours (or round the clock).</summary>
public sealed class SideForm
{
    public string? Authority { get; set; }

    public string? TimeZone { get; set; }

    public bool RoundTheClock { get; set; }

    public string? OpensAt { get; set; } = "08:00";

    public string? ClosesAt { get; set; } = "17:00";

    public bool Overnight { get; set; }

    public CrossingSideRequest ToRequest(string country) => RoundTheClock
        ? new(country, NoticeForm.Blank(Authority), NoticeForm.Blank(TimeZone)?.Trim(), true, null, null, null)
        : new(country, NoticeForm.Blank(Authority), NoticeForm.Blank(TimeZone)?.Trim(), null, NoticeForm.Blank(OpensAt), NoticeForm.Blank(ClosesAt), Overnight ? true : null);

    public static SideForm From(SideSettingsView s) => new()
    {
        Authority = s.Authority,
        TimeZone = s.TimeZone,
        RoundTheClock = s.RoundTheClock,
        OpensAt = s.OpensAt ?? "08:00",
        ClosesAt = s.ClosesAt ?? "17:00",
        Overnight = s.Overnight && s.ClosesAt != "00:00",
    };
}

/// <summary>One direction's part of the form: lanes, capacity and queue policy.</summary>
public sealed class DirectionForm
{
    public string? LanesOpen { get; set; } = "1";

    public string? LanesMax { get; set; } = "2";

    public string? TrucksPerLanePerHour { get; set; } = "4";

    public string? PerishableShare { get; set; } = "0.4";

    public string? AgeingBoundHours { get; set; } = "48";

    public CrossingDirectionRequest ToRequest(string direction) => new(
        direction, CrossingForm.Whole(LanesOpen), CrossingForm.Whole(LanesMax), CrossingForm.Number(TrucksPerLanePerHour),
        CrossingForm.Number(PerishableShare), CrossingForm.Number(AgeingBoundHours));

    public static DirectionForm From(DirectionSettingsView d) => new()
    {
        LanesOpen = CrossingForm.Text(d.LanesOpen),
        LanesMax = CrossingForm.Text(d.LanesMax),
        TrucksPerLanePerHour = CrossingForm.Text(d.TrucksPerLanePerHour),
        PerishableShare = CrossingForm.Text(d.PerishableShare),
        AgeingBoundHours = CrossingForm.Text(d.AgeingBoundHours),
    };
}

/// <summary>What the crossing form partial needs: the page (for its refusal), the form, whether it creates, and the zones to suggest.</summary>
public sealed record CrossingFormView(KhyberPage Page, CrossingForm Form, bool Creating, int? CalledTrucks)
{
    /// <summary>The IANA zones of this machine's time zone database, for the zone fields' suggestions.</summary>
    public static readonly IReadOnlyList<string> Zones =
        [.. TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id).Order(StringComparer.Ordinal)];

    /// <summary>Whether the last refusal named this form field (<c>Pk.ClosesAt</c>).</summary>
    public bool Invalid(string field) =>
        Page.Refusal is { } refusal && Page.RefusedForm == "crossing" && refusal.Errors.Any(e => CrossingForm.FieldOf(e.Field) == field);

    /// <summary>Called trucks a refused change would have stranded, from the refusal's <c>calledTrucks</c>.</summary>
    public static int? StrandedBy(ApiProblemException? refusal) =>
        refusal is { Status: StatusCodes.Status409Conflict } && refusal.Extensions.TryGetValue("calledTrucks", out var value) && value is IReadOnlyDictionary<string, int> byDirection
            ? byDirection.Values.Sum()
            : null;
}
