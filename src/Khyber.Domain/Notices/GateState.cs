namespace Khyber.Domain.Notices;

/// <summary>The state of one side's gate for one direction.</summary>
/// <remarks>Ordered from least to most restrictive so that combining two gates is a maximum.</remarks>
public enum GateState
{
    Open = 0,
    Restricted = 1,
    Closed = 2,
}
