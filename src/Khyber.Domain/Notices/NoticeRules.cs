using Khyber.Domain.Trucks;

namespace Khyber.Domain.Notices;

/// <summary>What a side asks for when it issues a notice, already parsed from the wire.</summary>
public sealed record NoticeDraft(
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

    public static void Check(NoticeDraft draft, int minimumNoticeHours, DateTimeOffset now, FieldErrors errors)
    {
        errors.Require(draft.Directions.Count > 0, "directions", "Name at least one direction: PK-AF, AF-PK.");
        errors.Require(draft.Directions.Distinct().Count() == draft.Directions.Count, "directions", "A direction is named twice.");

        var restricting = draft.GateState != GateState.Open;
        if (restricting && string.IsNullOrWhiteSpace(draft.Reason))
        {
            errors.Add("reason", "A closing or restricting notice must say why, in words.");
        }
        if (draft.Reason is { Length: > MaxReasonLength })
        {
            errors.Add("reason", $"At most {MaxReasonLength} characters.");
        }
        errors.Require(draft.EffectiveFrom >= now - BackdatingTolerance, "effectiveFrom", "A notice cannot take effect in the past.");
        if (draft.ExpectedUntil is { } until && until <= draft.EffectiveFrom)
        {
            errors.Add("expectedUntil", "Must be after effectiveFrom.");
        }
        if (draft.GateState != GateState.Restricted && draft.AllowedCategories.Count > 0)
        {
            errors.Add("allowedCategories", "Only a restricted gate names the categories that pass.");
        }

        // Reopening needs no advance notice; closing or restricting sooner than the policy allows is an emergency.
        var shortNotice = draft.EffectiveFrom - now < TimeSpan.FromHours(minimumNoticeHours);
        if (restricting && shortNotice && !draft.Emergency)
        {
            errors.Add("emergency", $"This takes effect in less than the crossing's minimum notice of {minimumNoticeHours} h: mark it emergency and justify it.");
        }
        if (draft.Emergency && string.IsNullOrWhiteSpace(draft.EmergencyJustification))
        {
            errors.Add("emergencyJustification", "An emergency notice needs a written justification.");
        }
        if (draft.EmergencyJustification is { Length: > MaxReasonLength })
        {
            errors.Add("emergencyJustification", $"At most {MaxReasonLength} characters.");
        }
    }
}
