namespace Khyber.Domain;

/// <summary>One of the two authorities of a crossing, by ISO 3166 alpha-2 country code.</summary>
public enum Side
{
    PK,
    AF,
}

public static class SideExtensions
{
    public static Side Other(this Side side) => side == Side.PK ? Side.AF : Side.PK;
}
