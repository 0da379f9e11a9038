namespace Khyber.Domain.Incidents;

/// <summary>What happened at or near the gate.</summary>
public enum IncidentCategory
{
    ExchangeOfFire,
    Attack,
    Protest,
    Smuggling,
    Accident,
    Infrastructure,
    Other,
}

/// <summary>Whom a casualty figure counts: border personnel (guards, officers, staff) or civilians.</summary>
public enum CasualtyKind
{
    Personnel,
    Civilian,
}

/// <summary>The other side's answer to an incident report.</summary>
public enum ResponseStance
{
    Acknowledge,
    Dispute,
}

/// <summary>An incident at a crossing, as one side reported it, and the other side's responses.</summary>
/// <remarks>
/// The report is never edited once logged: either side's account stays as it was given, and the other
/// side answers it with a response rather than changing it.
/// </remarks>
public sealed class Incident
{
    public required Guid Id { get; init; }

    public required string CrossingId { get; init; }

    /// <summary>The reporting side; a side reports incidents only in its own name.</summary>
    public required Side Side { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required IncidentCategory Category { get; init; }

    public required string Description { get; init; }

    public required DateTimeOffset LoggedAt { get; init; }

    public required string LoggedBy { get; init; }

    /// <summary>Casualty figures per side and kind; at most one line for each side and kind.</summary>
    public List<IncidentCasualty> Casualties { get; init; } = [];

    /// <summary>How many responses the other side has given; numbers them, and makes concurrent responses collide and retry.</summary>
    public int ResponseCount { get; private set; }

    /// <summary>The other side's responses, oldest first; the latest is its standing answer.</summary>
    public List<IncidentResponse> Responses { get; init; } = [];

    /// <summary>The other side's standing answer: the stance of its latest response, if it has responded.</summary>
    public ResponseStance? Stance => Responses.OrderBy(r => r.Number).LastOrDefault()?.Stance;

    /// <summary>The one way an incident comes to be logged: a report valid per <see cref="IncidentRules.Validate"/>, who logged it and when.</summary>
    public static Incident Log(IncidentReport r, string loggedBy, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(),
        CrossingId = r.CrossingId,
        Side = r.Side,
        OccurredAt = r.OccurredAt,
        Category = r.Category,
        Description = r.Description,
        LoggedAt = at,
        LoggedBy = loggedBy,
        Casualties = [.. r.Casualties.Select(c => new IncidentCasualty { Id = Guid.NewGuid(), Side = c.Side, Kind = c.Kind, Killed = c.Killed, Injured = c.Injured })],
    };

    /// <summary>Records the other side's response. A later response amends the earlier one, which stays on record.</summary>
    public IncidentResponse Respond(Side by, ResponseStance stance, string statement, string user, DateTimeOffset at)
    {
        if (by == Side)
        {
            throw new StateConflictException("An incident is answered by the other side, not by the side that reported it.");
        }
        var response = new IncidentResponse
        {
            Id = Guid.NewGuid(),
            IncidentId = Id,
            Number = ++ResponseCount,
            Side = by,
            Stance = stance,
            Statement = statement,
            RespondedAt = at,
            RespondedBy = user,
        };
        Responses.Add(response);
        return response;
    }
}

/// <summary>How many of one side's people, of one kind, were killed and injured.</summary>
public sealed class IncidentCasualty
{
    public required Guid Id { get; init; }

    public Guid IncidentId { get; init; }

    /// <summary>Whose people: not necessarily the reporting side's.</summary>
    public required Side Side { get; init; }

    public required CasualtyKind Kind { get; init; }

    public required int Killed { get; init; }

    public required int Injured { get; init; }
}

/// <summary>One answer of the other side to an incident: it acknowledges the account or disputes it, in a statement.</summary>
public sealed class IncidentResponse
{
    public required Guid Id { get; init; }

    public required Guid IncidentId { get; init; }

    /// <summary>1 for the first response, then 2, 3 … for each amendment.</summary>
    public required int Number { get; init; }

    public required Side Side { get; init; }

    public required ResponseStance Stance { get; init; }

    public required string Statement { get; init; }

    public required DateTimeOffset RespondedAt { get; init; }

    public required string RespondedBy { get; init; }
}
