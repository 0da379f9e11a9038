namespace Khyber.Domain;

/// <summary>One of the two authorities of a crossing, by ISO 3166 alpha-2 country code.</summary>
public enum Side
{
    PK,
    AF,
}

/// <summary>The state of one side's gate for one direction.</summary>
/// <remarks>Ordered from least to most restrictive so that combining two gates is a maximum.</remarks>
public enum GateState
{
    Open = 0,
    Restricted = 1,
    Closed = 2,
}

/// <summary>Why a gate changed state.</summary>
public enum ReasonCategory
{
    Security,
    Political,
    CommitmentDispute,
    Infrastructure,
    Weather,
    Health,
    CustomsSystem,
    Other,
}

/// <summary>What a truck carries, which decides its lane in the queue.</summary>
public enum CargoCategory
{
    Perishable,
    Humanitarian,
    General,
    Transit,
    Empty,
    Hazardous,
}

/// <summary>Where a truck is in its crossing.</summary>
public enum TruckStatus
{
    Registered,
    Waiting,
    Called,
    Exited,
    Entered,
    Rejected,
    Cancelled,
    Spoiled,
}

/// <summary>Lifecycle of a notice.</summary>
public enum NoticeStatus
{
    Scheduled,
    InForce,
    Superseded,
}

/// <summary>What a user may do is decided by role, side and scope.</summary>
public enum Role
{
    Carrier,
    Officer,
    Liaison,
    Admin,
}

public static class SideExtensions
{
    public static Side Other(this Side side) => side == Side.PK ? Side.AF : Side.PK;
}

/// <summary>A direction of traffic: <c>PK-AF</c> leaves Pakistan for Afghanistan.</summary>
public enum Direction
{
    PkToAf,
    AfToPk,
}

public static class Directions
{
    public static readonly IReadOnlyList<Direction> All = [Direction.PkToAf, Direction.AfToPk];

    public static string Id(this Direction d) => d == Direction.PkToAf ? "PK-AF" : "AF-PK";

    /// <summary>Trucks of a direction wait on, and are called by, the departure side.</summary>
    public static Side DepartureSide(this Direction d) => d == Direction.PkToAf ? Side.PK : Side.AF;

    public static Side ArrivalSide(this Direction d) => d.DepartureSide().Other();

    public static bool TryParse(string? id, out Direction direction)
    {
        switch (id?.Trim().ToUpperInvariant())
        {
            case "PK-AF":
                direction = Direction.PkToAf;
                return true;
            case "AF-PK":
                direction = Direction.AfToPk;
                return true;
            default:
                direction = default;
                return false;
        }
    }
}
