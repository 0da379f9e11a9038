using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;

namespace Khyber.Api.Notices;

/// <summary>A notice as both sides and the public see it, with its status derived at the moment of the answer.</summary>
public sealed record NoticeView(
    Guid Id,
    string CrossingId,
    string Side,
    GateState GateState,
    IReadOnlyList<string> Directions,
    ReasonCategory ReasonCategory,
    string? Reason,
    DateTimeOffset EffectiveFrom,
    DateTimeOffset? ExpectedUntil,
    bool Emergency,
    string? EmergencyJustification,
    IReadOnlyList<Guid> IncidentIds,
    IReadOnlyList<Guid> CommitmentIds,
    DateTimeOffset IssuedAt,
    string IssuedBy,
    NoticeStatus Status,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    double? UnacknowledgedMinutes,
    IReadOnlyList<CargoCategory> AllowedCategories,
    Guid? SupersededBy,
    bool Escalated,
    DateTimeOffset? EscalatedAt);

public sealed record AcknowledgementView(Guid NoticeId, DateTimeOffset AcknowledgedAt, string AcknowledgedBy, string Side);

public static class NoticeViews
{
    /// <summary>The view of <paramref name="n"/>; its status and successor come from the notices of its crossing at <paramref name="now"/>.</summary>
    public static NoticeView View(Notice n, IReadOnlyCollection<Notice> sameCrossing, DateTimeOffset now)
    {
        var status = GateTimeline.StatusOf(n, sameCrossing, now, out var supersededBy);
        return new NoticeView(
            n.Id, n.CrossingId, n.Side.ToString(), n.GateState, n.Directions.Select(d => d.Id()).ToList(), n.ReasonCategory, n.Reason,
            n.EffectiveFrom, n.ExpectedUntil, n.Emergency, n.EmergencyJustification,
            [.. n.CitedIncidents.OrderBy(c => c.Position).Select(c => c.IncidentId)], [.. n.CitedCommitments.OrderBy(c => c.Position).Select(c => c.CommitmentId)],
            n.IssuedAt, n.IssuedBy, status,
            n.AcknowledgedAt, n.AcknowledgedBy,
            n.AcknowledgedAt is null ? Math.Round((now - n.IssuedAt).TotalMinutes, 1) : null,
            n.GateState == GateState.Restricted && n.AllowedCategories.Count == 0 ? NoticeRules.DefaultRestrictedCategories : n.AllowedCategories,
            supersededBy?.Id,
            n.EscalatedAt is not null,
            n.EscalatedAt);
    }
}
