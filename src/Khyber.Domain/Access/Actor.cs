namespace Khyber.Domain.Access;

/// <summary>Who is calling: a role, a side, and the crossing or carrier they are scoped to.</summary>
public sealed record Actor(string UserName, Role Role, Side? Side, string? CrossingId, string? CarrierId)
{
    public bool IsOfficerAt(string crossingId, Side side) =>
        Role == Role.Officer && Side == side && string.Equals(CrossingId, crossingId, StringComparison.Ordinal);

    public bool IsLiaisonOf(Side side) => Role == Role.Liaison && Side == side;
}
