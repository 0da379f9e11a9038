namespace Khyber.Domain.Incidents;

/// <summary>One casualty line as submitted.</summary>
public sealed record CasualtyDraft(string? Side, string? Kind, int? Killed, int? Injured);

/// <summary>An incident report as a side submits it, before it is checked: every field as sent, possibly missing or wrong.</summary>
public sealed record IncidentDraft(string? CrossingId, string? Side, DateTimeOffset? OccurredAt, string? Category, IReadOnlyList<CasualtyDraft?>? Casualties, string? Description);

/// <summary>One valid casualty line.</summary>
public sealed record CasualtyCount(Side Side, CasualtyKind Kind, int Killed, int Injured);

/// <summary>A valid incident report: the typed, trimmed values an <see cref="Incident"/> is logged with.</summary>
public sealed record IncidentReport(string CrossingId, Side Side, DateTimeOffset OccurredAt, IncidentCategory Category, IReadOnlyList<CasualtyCount> Casualties, string Description);

/// <summary>What an incident report and a response must satisfy, field by field.</summary>
public static class IncidentRules
{
    public const int MaxDescriptionLength = 4000;
    public const int MaxStatementLength = 4000;
    public const int MaxCasualtyCount = 10_000;

    /// <summary>How far ahead of the server's clock an occurrence may be stamped (clients' clock skew).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>How far back an incident may still be logged.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(366);

    /// <summary>Checks every field and returns the report, or null when any field is wrong — the errors name every one.</summary>
    public static IncidentReport? Validate(IncidentDraft d, DateTimeOffset now, FieldErrors errors)
    {
        var errorsBefore = errors.All.Count;
        errors.Require(!string.IsNullOrWhiteSpace(d.CrossingId), "crossingId", "Required.");
        var side = Sides.Parse(d.Side, "side", errors);
        if (errors.Require(d.OccurredAt is not null, "occurredAt", "Required: when it happened (ISO 8601, UTC)."))
        {
            errors.Require(d.OccurredAt!.Value <= now + FutureTolerance, "occurredAt", "An incident cannot have happened in the future.");
            errors.Require(d.OccurredAt.Value >= now - MaxAge, "occurredAt", "At most a year ago.");
        }
        errors.Require(Kebab.TryParse<IncidentCategory>(d.Category, out var category), "category", $"One of {Kebab.Words<IncidentCategory>()}.");
        if (errors.Require(!string.IsNullOrWhiteSpace(d.Description), "description", "Required: what happened, in words."))
        {
            errors.Require(d.Description!.Trim().Length <= MaxDescriptionLength, "description", $"At most {MaxDescriptionLength} characters.");
        }

        var casualties = new List<CasualtyCount>();
        var lines = d.Casualties ?? [];
        errors.Require(lines.Count <= 4, "casualties", "At most one line for each side and kind (four lines).");
        for (var i = 0; i < lines.Count; i++)
        {
            var field = $"casualties[{i}]";
            if (lines[i] is not { } line)
            {
                errors.Add(field, "A casualty line is an object: { side, kind, killed, injured }.");
                continue;
            }
            var lineSide = Sides.Parse(line.Side, $"{field}.side", errors);
            var kindOk = errors.Require(Kebab.TryParse<CasualtyKind>(line.Kind, out var kind), $"{field}.kind", "One of personnel, civilian.");
            var killedOk = Count(line.Killed, $"{field}.killed", errors);
            var injuredOk = Count(line.Injured, $"{field}.injured", errors);
            if (killedOk && injuredOk)
            {
                errors.Require(line.Killed + line.Injured > 0, field, "A casualty line counts at least one person killed or injured; leave it out otherwise.");
            }
            if (lineSide is { } s && kindOk)
            {
                if (casualties.Any(c => c.Side == s && c.Kind == kind))
                {
                    errors.Add(field, $"{s} {Kebab.Word(kind.ToString())} casualties are already counted in an earlier line.");
                }
                else if (killedOk && injuredOk)
                {
                    casualties.Add(new CasualtyCount(s, kind, line.Killed!.Value, line.Injured!.Value));
                }
            }
        }
        return errors.All.Count > errorsBefore
            ? null
            : new IncidentReport(d.CrossingId!, side!.Value, d.OccurredAt!.Value.ToUniversalTime(), category, casualties, d.Description!.Trim());
    }

    /// <summary>Checks a response; returns its stance.</summary>
    public static ResponseStance CheckResponse(string? stance, string? statement, FieldErrors errors)
    {
        errors.Require(Kebab.TryParse<ResponseStance>(stance, out var parsed), "stance", "One of acknowledge, dispute.");
        if (errors.Require(!string.IsNullOrWhiteSpace(statement), "statement", "Required: the side's account, in words."))
        {
            errors.Require(statement!.Trim().Length <= MaxStatementLength, "statement", $"At most {MaxStatementLength} characters.");
        }
        return parsed;
    }


    private static bool Count(int? value, string field, FieldErrors errors) =>
        errors.Require(value is >= 0 and <= MaxCasualtyCount, field, $"Required: a whole number from 0 to {MaxCasualtyCount}.");
}
