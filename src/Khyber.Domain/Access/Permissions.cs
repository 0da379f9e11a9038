using Khyber.Domain.Trucks;

namespace Khyber.Domain.Access;

/// <summary>
/// The product's role table, in one place. Every protected endpoint asks here; nothing else decides
/// who may do what.
/// </summary>
/// <remarks>
/// A side never acts for the other side: actions on a gate need an actor of that side, and an
/// administrator — who acts for no side even when scoped to one — manages the system but issues no
/// notice and acknowledges none. A carrier sees and touches its own trucks only.
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

    /// <summary>
    /// The driver — his name, document number, mobile number and language — the tracking code and the texts sent to
    /// him: the truck's carrier and the officers of its crossing (either side), who check his papers and call him
    /// forward — not liaisons or administrators, who see the truck but have no need to know or reach its driver.
    /// </summary>
    public static bool MaySeeDriver(Actor a, Truck t) => a.Role switch
    {
        Role.Carrier => a.CarrierId == t.CarrierId,
        Role.Officer => a.CrossingId == t.CrossingId,
        _ => false,
    };

    /// <summary>The carrier of the truck, or the departure side's officer at the waiting area.</summary>
    public static bool MayCheckIn(Actor a, Truck t) =>
        (a.Role == Role.Carrier && a.CarrierId == t.CarrierId) || a.IsOfficerAt(t.CrossingId, t.Direction.DepartureSide());

    public static bool MayCancel(Actor a, Truck t) =>
        (a.Role == Role.Carrier && a.CarrierId == t.CarrierId) || a.Role == Role.Admin;

    /// <summary>
    /// A session is listed and ended by its own user only, whatever the role: an administrator ends another user's
    /// sessions by disabling the account or resetting its password, which ends all of them.
    /// </summary>
    public static bool MayEndSession(Actor a, string sessionUserName) =>
        string.Equals(a.UserName, sessionUserName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every signed-in user may enrol an authenticator app as their own second factor.</summary>
    public static bool MayEnrolSecondFactor(Actor a) => Enum.IsDefined(a.Role);

    /// <summary>A user may remove their own second factor only when their role does not require one (<paramref name="required"/>: configured per role).</summary>
    public static bool MayRemoveSecondFactor(Actor a, bool required) => Enum.IsDefined(a.Role) && !required;

    /// <summary>An administrator resets the second factor of an account they manage (a lost phone); the user enrols again.</summary>
    public static bool MayResetSecondFactor(Actor a, Role role, Side? side) => MayAdminister(a) && MayManageAccount(a, role, side);

    /// <summary>Every signed-in user may end all of their own sessions ("sign out everywhere").</summary>
    public static bool MaySignOutEverywhere(Actor a) => Enum.IsDefined(a.Role);

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

    /// <summary>
    /// CSV exports of a crossing's trucks, notices and incidents, for the authorities' own reports: liaisons of either
    /// side and administrators for any crossing, officers for their own crossing only.
    /// </summary>
    public static bool MayExport(Actor a, string crossingId) =>
        a.Role is Role.Liaison or Role.Admin || (a.Role == Role.Officer && a.CrossingId == crossingId);

    /// <summary>
    /// Drivers' names and document numbers in an export of a crossing's trucks: only for the crossing's officers (of
    /// either side), who may see the driver of every truck there (<see cref="MaySeeDriver"/>); for anyone else — liaisons
    /// and administrators included — the columns are left out.
    /// </summary>
    public static bool MaySeeDriversAt(Actor a, string crossingId) => a.Role == Role.Officer && a.CrossingId == crossingId;

    /// <summary>Either side's liaison and administrators read and verify the audit log.</summary>
    public static bool MayReadAudit(Actor a) => a.Role is Role.Liaison or Role.Admin;

    /// <summary>A webhook subscription is managed by the user who made it, or an administrator.</summary>
    public static bool MayManageWebhook(Actor a, string owner) => a.UserName == owner || a.Role == Role.Admin;

    /// <summary>Officers and liaisons, who log incidents; a first check before the report's side and crossing are known.</summary>
    public static bool MayLogIncidents(Actor a) => a.Role is Role.Officer or Role.Liaison && a.Side is not null;

    /// <summary>An officer for its own side at its own crossing, or a liaison of the side at any crossing.</summary>
    public static bool MayLogIncident(Actor a, string crossingId, Side reportingSide) =>
        a.IsOfficerAt(crossingId, reportingSide) || a.IsLiaisonOf(reportingSide);

    /// <summary>Only a liaison of the side that did not report the incident answers it.</summary>
    public static bool MayRespondToIncident(Actor a, Side reportingSide) => a.IsLiaisonOf(reportingSide.Other());

    /// <summary>Either side's liaison keeps the register of meetings, agreements and the commitments in them.</summary>
    public static bool MayKeepRegister(Actor a) => a.Role == Role.Liaison && a.Side is not null;

    /// <summary>Commitments and agreements are read by those who act on them: officers, liaisons and administrators — not carriers.</summary>
    public static bool MayReadCommitments(Actor a) => a.Role is Role.Officer or Role.Liaison or Role.Admin;

    /// <summary>Only the obligor side's liaison reports compliance with a commitment.</summary>
    public static bool MayReportCompliance(Actor a, Side obligorSide) => a.IsLiaisonOf(obligorSide);

    /// <summary>Only the liaison of the side a commitment is owed to disputes it.</summary>
    public static bool MayDisputeCommitment(Actor a, Side obligorSide) => a.IsLiaisonOf(obligorSide.Other());

    /// <summary>
    /// A crossing's joint daily report — its gates, trucks, notices, incidents and the evaluations of commitments — is read
    /// by those who read the register: officers, liaisons and administrators.
    /// </summary>
    public static bool MayReadDailyReports(Actor a) => MayReadCommitments(a);

    /// <summary>A daily report is countersigned for a side by that side's liaison; each side signs once at a head.</summary>
    public static bool MayCountersignReport(Actor a) => a.Role == Role.Liaison && a.Side is not null;

    /// <summary>Liaisons of either side and administrators run forecasts (they plan for closures); a forecast is kept only to be scored later.</summary>
    public static bool MayRunForecasts(Actor a) => a.Role is Role.Liaison or Role.Admin;

    /// <summary>Those who run forecasts see how the forecasts made so far compare with what happened: the same liaisons and administrators.</summary>
    public static bool MayReadForecastAccuracy(Actor a) => MayRunForecasts(a);

    /// <summary>
    /// Crossings — creating them, their sides' clocks and gate hours, lanes, capacities and queue policies — belong to the
    /// administrator of the system, who is of neither side.
    /// </summary>
    /// <remarks>A crossing's settings bind both sides at once, so an administrator scoped to one side reads them but does not change them.</remarks>
    public static bool MayConfigureCrossings(Actor a) => a.Role == Role.Admin && a.Side is null;

    /// <summary>Administrators — of a side or of the system — see the administration: every account, company and application.</summary>
    public static bool MayAdminister(Actor a) => a.Role == Role.Admin;

    /// <summary>
    /// Whether the administrator may create, disable, enable, unlock or reset the password of an account of this role
    /// and side. An administrator without a side (the system administrator) manages every account; one scoped to a side
    /// manages its own side's officers, liaisons and administrators — never the other side's, nor the system
    /// administrator — and every carrier account, since carriers belong to no side.
    /// </summary>
    public static bool MayManageAccount(Actor a, Role role, Side? side) =>
        a.Role == Role.Admin && (a.Side is null || role == Role.Carrier || side == a.Side);

    /// <summary>Carrier companies and their applications belong to no side: any administrator manages them.</summary>
    public static bool MayManageCarriers(Actor a) => a.Role == Role.Admin;
}
