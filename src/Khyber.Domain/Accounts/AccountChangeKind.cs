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

    /// <summary>The user ended every session of theirs ("sign out everywhere").</summary>
    SignedOutEverywhere,
}

/// <summary>Where a company's application for access stands.</summary>
public enum ApplicationStatus
{
    Pending,
    Approved,
    Rejected,
}
