using Khyber.Api.Crossings;

namespace Khyber.Api.Pages.Status;

/// <summary>What the board shows of one crossing (<c>_CrossingStatus.cshtml</c>): its status and its stranded trucks.</summary>
public sealed record CrossingStatusModel(CrossingView Crossing, StrandedView? Stranded);
