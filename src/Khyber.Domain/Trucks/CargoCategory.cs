namespace Khyber.Domain.Trucks;

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
