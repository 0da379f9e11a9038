using Khyber.Domain.Trucks;

namespace Khyber.Domain.Notices;

/// <summary>A notice as a side submits it, before it is checked: every field as sent, possibly missing or wrong.</summary>
public sealed record NoticeDraft(
    string? GateState,
    IReadOnlyList<string?>? Directions,
    string? ReasonCategory,
    string? Reason,
    DateTimeOffset? EffectiveFrom,
    DateTimeOffset? ExpectedUntil,
    bool? Emergency,
    string? EmergencyJustification,
    IReadOnlyList<string?>? AllowedCategories);

/// <summary>What a valid notice announces: the typed, trimmed terms a <see cref="Notice"/> is issued with.</summary>
public sealed record NoticeTerms(
    GateState GateState,
    IReadOnlyList<Direction> Directions,
    ReasonCategory ReasonCategory,
    string? Reason,
    DateTimeOffset EffectiveFrom,
    DateTimeOffset? ExpectedUntil,
    bool Emergency,
    string? EmergencyJustification,
    IReadOnlyList<CargoCategory> AllowedCategories);

/// <summary>The notice policy of a crossing: the other side must be told why, and in time.</summary>
public static class NoticeRules
{
    public const int MaxReasonLength = 2000;

    /// <summary>How far in the past a notice's effective time may lie (clock skew between clients).</summary>
    public static readonly TimeSpan BackdatingTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Cargo that still passes a restricted gate when the notice names none: the green lane.</summary>
    public static readonly IReadOnlyList<CargoCategory> DefaultRestrictedCategories =
        [CargoCategory.Humanitarian, CargoCategory.Perishable];

    /// <summary>
    /// Checks a draft field by field and returns its terms, or null when any field (or an error the caller
    /// added before, such as an unknown citation) is wrong; the errors name every field.
    /// </summary>
    /// <remarks>
    /// Each field is first read on its own; the policy (a reason for a closure, the minimum notice or an
    /// emergency, directions once each) is judged only once every field could be read, so a caller never
    /// hears of a rule about a value it did not manage to send.
    /// </remarks>
    public static NoticeTerms? Validate(NoticeDraft d, int minimumNoticeHours, DateTimeOffset now, FieldErrors errors)
    {
        errors.Require(Kebab.TryParse<GateState>(d.GateState, out var gate), "gateState", $"One of {Kebab.Words<GateState>()}.");
        var directions = new List<Direction>();
        if (d.Directions is null)
        {
            errors.Add("directions", "Required: PK-AF, AF-PK or both.");
        }
        else
        {
            for (var i = 0; i < d.Directions.Count; i++)
            {
                if (errors.Require(Khyber.Domain.Directions.TryParse(d.Directions[i], out var direction), $"directions[{i}]", "Must be PK-AF or AF-PK."))
                {
                    directions.Add(direction);
                }
            }
        }
        errors.Require(Kebab.TryParse<ReasonCategory>(d.ReasonCategory, out var reasonCategory), "reasonCategory", $"One of {Kebab.Words<ReasonCategory>()}.");
        errors.Require(d.EffectiveFrom is not null, "effectiveFrom", "Required: when the new state takes effect (ISO 8601, UTC).");
        var allowed = new List<CargoCategory>();
        for (var i = 0; i < (d.AllowedCategories?.Count ?? 0); i++)
        {
            if (errors.Require(Kebab.TryParse<CargoCategory>(d.AllowedCategories![i], out var category), $"allowedCategories[{i}]", $"One of {Kebab.Words<CargoCategory>()}."))
            {
                allowed.Add(category);
            }
        }
        if (errors.Any)
        {
            return null;
        }

        var terms = new NoticeTerms(
            gate, directions, reasonCategory, Trimmed(d.Reason), d.EffectiveFrom!.Value.ToUniversalTime(), d.ExpectedUntil?.ToUniversalTime(),
            d.Emergency ?? false, Trimmed(d.EmergencyJustification), allowed);
        Check(terms, minimumNoticeHours, now, errors);
        return errors.Any ? null : terms;
    }

    /// <summary>The policy a notice's terms must satisfy at <paramref name="now"/>.</summary>
    public static void Check(NoticeTerms terms, int minimumNoticeHours, DateTimeOffset now, FieldErrors errors)
    {
        errors.Require(terms.Directions.Count > 0, "directions", "Name at least one direction: PK-AF, AF-PK.");
        errors.Require(terms.Directions.Distinct().Count() == terms.Directions.Count, "directions", "A direction is named twice.");

        var restricting = terms.GateState != GateState.Open;
        if (restricting && string.IsNullOrWhiteSpace(terms.Reason))
        {
            errors.Add("reason", "A closing or restricting notice must say why, in words.");
        }
        if (terms.Reason is { Length: > MaxReasonLength })
        {
            errors.Add("reason", $"At most {MaxReasonLength} characters.");
        }
        errors.Require(terms.EffectiveFrom >= now - BackdatingTolerance, "effectiveFrom", "A notice cannot take effect in the past.");
        if (terms.ExpectedUntil is { } until && until <= terms.EffectiveFrom)
        {
            errors.Add("expectedUntil", "Must be after effectiveFrom.");
        }
        if (terms.GateState != GateState.Restricted && terms.AllowedCategories.Count > 0)
        {
            errors.Add("allowedCategories", "Only a restricted gate names the categories that pass.");
        }

        // Reopening needs no advance notice; closing or restricting sooner than the policy allows is an emergency.
        var shortNotice = terms.EffectiveFrom - now < TimeSpan.FromHours(minimumNoticeHours);
        if (restricting && shortNotice && !terms.Emergency)
        {
            errors.Add("emergency", $"This takes effect in less than the crossing's minimum notice of {minimumNoticeHours} h: mark it emergency and justify it.");
        }
        if (terms.Emergency && string.IsNullOrWhiteSpace(terms.EmergencyJustification))
        {
            errors.Add("emergencyJustification", "An emergency notice needs a written justification.");
        }
        if (terms.EmergencyJustification is { Length: > MaxReasonLength })
        {
            errors.Add("emergencyJustification", $"At most {MaxReasonLength} characters.");
        }
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
