namespace Khyber.Domain.Trucks;

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
