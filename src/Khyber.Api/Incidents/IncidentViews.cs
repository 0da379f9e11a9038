using Khyber.Domain.Incidents;

namespace Khyber.Api.Incidents;

public sealed record CasualtyView(string Side, CasualtyKind Kind, int Killed, int Injured);

public sealed record IncidentResponseView(Guid Id, int Number, string Side, ResponseStance Stance, string Statement, DateTimeOffset RespondedAt, string RespondedBy);

/// <summary>An incident as both sides see it: the report, the other side's responses (latest last) and the notices that cite it.</summary>
public sealed record IncidentView(
    Guid Id,
    string CrossingId,
    string Side,
    DateTimeOffset OccurredAt,
    IncidentCategory Category,
    IReadOnlyList<CasualtyView> Casualties,
    string Description,
    DateTimeOffset LoggedAt,
    string LoggedBy,
    ResponseStance? Stance,
    IReadOnlyList<IncidentResponseView> Responses,
    IReadOnlyList<Guid> CitedBy);

public static class IncidentViews
{
    public static IncidentView View(Incident i, IEnumerable<Guid> citedBy) => new(
        i.Id, i.CrossingId, i.Side.ToString(), i.OccurredAt, i.Category,
        [.. i.Casualties.OrderBy(c => c.Side).ThenBy(c => c.Kind).Select(c => new CasualtyView(c.Side.ToString(), c.Kind, c.Killed, c.Injured))],
        i.Description, i.LoggedAt, i.LoggedBy, i.Stance,
        [.. i.Responses.OrderBy(r => r.Number).Select(r => new IncidentResponseView(r.Id, r.Number, r.Side.ToString(), r.Stance, r.Statement, r.RespondedAt, r.RespondedBy))],
        [.. citedBy]);
}
