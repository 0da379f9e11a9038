namespace Khyber.Domain.Accounts;

/// <summary>What happened to an account: the audited record of user administration (never a password).</summary>
public enum AccountChangeKind
{
    Created,
    Disabled,
    Enabled,
    PasswordReset,
    PasswordChanged,
    Unlocked,
}

/// <summary>Where a company's application for access stands.</summary>
public enum ApplicationStatus
{
    Pending,
    Approved,
    Rejected,
}
