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

    /// <summary>The user confirmed an authenticator: a code is asked at every sign-in (never the secret in the record).</summary>
    SecondFactorEnrolled,

    /// <summary>The user removed their own authenticator (allowed only where their role does not require one).</summary>
    SecondFactorRemoved,

    /// <summary>An administrator removed a user's authenticator (a lost phone): the user enrols again; every session ends.</summary>
    SecondFactorReset,
}

/// <summary>Where a company's application for access stands.</summary>
public enum ApplicationStatus
{
    Pending,
    Approved,
    Rejected,
}
