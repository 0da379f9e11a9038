namespace Khyber.Domain.Access;

/// <summary>What a user may do is decided by role, side and scope.</summary>
public enum Role
{
    Carrier,
    Officer,
    Liaison,
    Admin,
}
