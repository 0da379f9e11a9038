namespace Khyber.Domain.Notices;

/// <summary>Lifecycle of a notice.</summary>
public enum NoticeStatus
{
    Scheduled,
    InForce,
    Superseded,
}
