namespace Khyber.Domain.Notices;

/// <summary>Why a gate changed state.</summary>
public enum ReasonCategory
{
    Security,
    Political,
    CommitmentDispute,
    Infrastructure,
    Weather,
    Health,
    CustomsSystem,
    Other,
}
