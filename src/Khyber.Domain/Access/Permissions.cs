using Khyber.Domain.Trucks;

namespace Khyber.Domain.Access;

/// <summary>
/// The product's role table, in one place. Every protected endpoint asks here; nothing else decides
/// who may do what.
/// </summary>
/// <remarks>
/// A side never acts for the other side: actions on a gate need an actor of that side, and an
/// administrator — who belongs to neither side — manages the system but issues no notice and
/// acknowledges none. A carrier sees and touches its own trucks only.
/// </remarks>
public static class Permissions
{
    /// <summary>An officer for its own crossing's gate, or a liaison of the side for any crossing.</summary>
    public static bool MayIssueNotice(Actor a, string crossingId, Side side) =>
        a.IsOfficerAt(crossingId, side) || a.IsLiaisonOf(side);

    /// <summary>Only a liaison of the side that did not issue the notice.</summary>
    public static bool MayAcknowledgeNotice(Actor a, Side issuingSide) =>
        a.Role == Role.Liaison && a.Side == issuingSide.Other();

    public static bool MayRegisterTruck(Actor a) => a.Role == Role.Carrier && a.CarrierId is not null;

    public static bool MaySeeTruck(Actor a, Truck t) => a.Role switch
    {
        Role.Carrier => a.CarrierId == t.CarrierId,
        Role.Officer => a.CrossingId == t.CrossingId,
        Role.Liaison or Role.Admin => true,
        _ => false,
    };

    /// <summary>The carrier of the truck, or the departure side's officer at the waiting area.</summary>
    public static bool MayCheckIn(Actor a, Truck t) =>
        (a.Role == Role.Carrier && a.CarrierId == t.CarrierId) || a.IsOfficerAt(t.CrossingId, t.Direction.DepartureSide());

    public static bool MayCancel(Actor a, Truck t) =>
        (a.Role == Role.Carrier && a.CarrierId == t.CarrierId) || a.Role == Role.Admin;

    /// <summary>Officers of either side at the crossing, liaisons and administrators.</summary>
    public static bool MaySeeQueue(Actor a, string crossingId) =>
        (a.Role == Role.Officer && a.CrossingId == crossingId) || a.Role is Role.Liaison or Role.Admin;

    public static bool MayCallForward(Actor a, string crossingId, Direction direction) =>
        a.IsOfficerAt(crossingId, direction.DepartureSide());

    public static bool MayRecordExit(Actor a, Truck t) => a.IsOfficerAt(t.CrossingId, t.Direction.DepartureSide());

    public static bool MayRecordEntry(Actor a, Truck t) => a.IsOfficerAt(t.CrossingId, t.Direction.ArrivalSide());

    public static bool MayReject(Actor a, Truck t) =>
        a.IsOfficerAt(t.CrossingId, Side.PK) || a.IsOfficerAt(t.CrossingId, Side.AF);

    /// <summary>Trucks a carrier lists are its own; officers list their crossing's; liaisons and admins all.</summary>
    public static bool MayListTrucksOf(Actor a, string? crossingId) => a.Role switch
    {
        Role.Carrier => true,
        Role.Officer => crossingId is null || crossingId == a.CrossingId,
        _ => true,
    };

    /// <summary>Either side's liaison and administrators read and verify the audit log.</summary>
    public static bool MayReadAudit(Actor a) => a.Role is Role.Liaison or Role.Admin;
}
