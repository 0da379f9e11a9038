using Khyber.Domain.Crossings;
using Khyber.Domain.Incidents;

namespace Khyber.Domain.Commitments;

/// <summary>One member of a delegation as submitted.</summary>
public sealed record MemberDraft(string? Name, string? Title);

/// <summary>One side's delegation as submitted.</summary>
public sealed record DelegationDraft(string? Side, IReadOnlyList<MemberDraft?>? Members);

/// <summary>A meeting as submitted.</summary>
public sealed record MeetingDraft(DateOnly? HeldOn, string? Place, IReadOnlyList<DelegationDraft?>? Delegations, IReadOnlyList<string?>? Topics, string? Summary);

/// <summary>What meetings, agreements, commitments, reports and disputes must satisfy, field by field.</summary>
public static class RegisterRules
{
    public const int MaxNameLength = 200;
    public const int MaxPlaceLength = 200;
    public const int MaxTopicLength = 100;
    public const int MaxTopics = 20;
    public const int MaxMembers = 50;
    public const int MaxTextLength = 4000;
    public const int MaxTitleLength = 300;

    /// <summary>
    /// The latest day a meeting may have been held or an agreement concluded: today as the side furthest ahead counts
    /// it (each side's own calendar, <see cref="SideExtensions.TimeZoneId"/>), so that neither side's "today" is refused.
    /// </summary>
    public static DateOnly LatestDay(DateTimeOffset now) =>
        new[] { Side.PK, Side.AF }.Max(s => WallClock.Today(now, WallClock.Zone(s.TimeZoneId())));

    /// <summary>Checks every field of a meeting; returns the members in order, each with its side.</summary>
    public static List<(Side Side, string Name, string? Title)> CheckMeeting(MeetingDraft d, DateTimeOffset now, FieldErrors errors)
    {
        if (errors.Require(d.HeldOn is not null, "heldOn", "Required: the day it was held (yyyy-mm-dd)."))
        {
            errors.Require(d.HeldOn!.Value <= LatestDay(now), "heldOn", "The register holds meetings that have been held, not planned ones.");
        }
        Text(d.Place, "place", MaxPlaceLength, errors, "where it was held");
        Text(d.Summary, "summary", MaxTextLength, errors, "what was discussed and said");

        var members = new List<(Side, string, string?)>();
        if (d.Delegations is not { Count: > 0 } delegations)
        {
            errors.Add("delegations", "Required: at least one side's delegation, { side, members: [ { name, title } ] }.");
        }
        else
        {
            errors.Require(delegations.Count <= 2, "delegations", "At most one delegation for each side.");
            var seen = new HashSet<Side>();
            for (var i = 0; i < delegations.Count; i++)
            {
                var field = $"delegations[{i}]";
                if (delegations[i] is not { } delegation)
                {
                    errors.Add(field, "A delegation is an object: { side, members }.");
                    continue;
                }
                var side = Sides.Parse(delegation.Side, $"{field}.side", errors);
                if (side is { } s && !seen.Add(s))
                {
                    errors.Add($"{field}.side", $"{s}'s delegation is already given.");
                }
                if (delegation.Members is not { Count: > 0 } list)
                {
                    errors.Add($"{field}.members", "Required: at least one member, { name, title }.");
                    continue;
                }
                errors.Require(list.Count <= MaxMembers, $"{field}.members", $"At most {MaxMembers} members.");
                for (var j = 0; j < list.Count; j++)
                {
                    var memberField = $"{field}.members[{j}]";
                    if (list[j] is not { } member)
                    {
                        errors.Add(memberField, "A member is an object: { name, title }.");
                        continue;
                    }
                    var nameOk = Text(member.Name, $"{memberField}.name", MaxNameLength, errors, "the member's name");
                    var titleOk = member.Title is null || errors.Require(member.Title.Trim().Length <= MaxNameLength, $"{memberField}.title", $"At most {MaxNameLength} characters.");
                    if (side is { } memberSide && nameOk && titleOk)
                    {
                        members.Add((memberSide, member.Name!.Trim(), string.IsNullOrWhiteSpace(member.Title) ? null : member.Title.Trim()));
                    }
                }
            }
        }

        if (d.Topics is not { Count: > 0 } topics)
        {
            errors.Add("topics", "Required: at least one topic, such as \"security\" or \"trade\".");
        }
        else
        {
            errors.Require(topics.Count <= MaxTopics, "topics", $"At most {MaxTopics} topics.");
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < topics.Count; i++)
            {
                if (Text(topics[i], $"topics[{i}]", MaxTopicLength, errors, "a topic"))
                {
                    errors.Require(seen.Add(topics[i]!.Trim()), $"topics[{i}]", "This topic is already named.");
                }
            }
        }
        return members;
    }

    /// <summary>Checks an agreement's own fields; the meeting, if named, is looked up by the caller.</summary>
    public static void CheckAgreement(string? title, DateOnly? concludedOn, DateOnly? meetingHeldOn, DateTimeOffset now, FieldErrors errors)
    {
        Text(title, "title", MaxTitleLength, errors, "what the agreement is called");
        if (concludedOn is { } day)
        {
            errors.Require(day <= LatestDay(now), "concludedOn", "The register holds agreements that have been concluded, not planned ones.");
            if (meetingHeldOn is { } held)
            {
                errors.Require(day >= held, "concludedOn", $"Not before the meeting it came from ({held:yyyy-MM-dd}).");
            }
        }
    }

    /// <summary>Checks a commitment; returns its obligor side.</summary>
    public static Side CheckCommitment(string? obligorSide, string? text, DateOnly? dueOn, DateOnly concludedOn, FieldErrors errors)
    {
        var side = Sides.Parse(obligorSide, "obligorSide", errors);
        Text(text, "text", MaxTextLength, errors, "what the side commits to");
        if (dueOn is { } due)
        {
            errors.Require(due >= concludedOn, "dueOn", $"Not before the agreement was concluded ({concludedOn:yyyy-MM-dd}).");
        }
        return side ?? default;
    }

    /// <summary>Checks a compliance report; returns its status.</summary>
    public static ComplianceStatus CheckReport(string? status, string? evidence, FieldErrors errors)
    {
        errors.Require(Kebab.TryParse<ComplianceStatus>(status, out var parsed), "status", "One of on-track, done, failed.");
        Text(evidence, "evidence", MaxTextLength, errors, "what shows it");
        return parsed;
    }

    public static void CheckDispute(string? statement, FieldErrors errors) =>
        Text(statement, "statement", MaxTextLength, errors, "why the commitment is not being kept");

    /// <summary>Required text of at most <paramref name="max"/> characters once trimmed.</summary>
    private static bool Text(string? value, string field, int max, FieldErrors errors, string what) =>
        errors.Require(!string.IsNullOrWhiteSpace(value), field, $"Required: {what}.")
        && errors.Require(value!.Trim().Length <= max, field, $"At most {max} characters.");
}
