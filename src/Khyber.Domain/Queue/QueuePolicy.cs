namespace Khyber.Domain.Queue;

/// <summary>How a direction's queue is ordered: the green lane's share of calls and the ageing bound.</summary>
public sealed record QueuePolicy(double PerishableShare, TimeSpan AgeingBound);
