namespace Khyber.Domain;

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
