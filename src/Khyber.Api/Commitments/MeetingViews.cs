using Khyber.Domain.Commitments;

namespace Khyber.Api.Commitments;

public sealed record MemberView(string Name, string? Title);

public sealed record DelegationView(string Side, IReadOnlyList<MemberView> Members);

public sealed record MeetingView(
    Guid Id,
    DateOnly HeldOn,
    string Place,
    IReadOnlyList<DelegationView> Delegations,
    IReadOnlyList<string> Topics,
    string Summary,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    string RecordedBySide);

public static class MeetingViews
{
    public static MeetingView View(Meeting m) => new(
        m.Id, m.HeldOn, m.Place,
        [.. m.Members.OrderBy(x => x.Position).GroupBy(x => x.Side).Select(g => new DelegationView(g.Key.ToString(), [.. g.Select(x => new MemberView(x.Name, x.Title))]))],
        m.Topics, m.Summary, m.RecordedAt, m.RecordedBy, m.RecordedBySide.ToString());
}
