using Khyber.Api.Carriers;
using Khyber.Api.Pages.Shared;
using Khyber.Domain.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Admin;

/// <summary>
/// Companies' applications for access: approve one (the company is registered, its first account opened, and its
/// one-time password shown once) or reject it with a reason; those decided are listed below.
/// </summary>
public sealed class ApplicationsModel(ListCarrierApplications listApplications) : AdminPage
{
    public IReadOnlyList<CarrierApplicationView> Pending { get; private set; } = [];

    public IReadOnlyList<CarrierApplicationView> Decided { get; private set; } = [];

    /// <summary>What was typed into a refused decision, kept beside its application.</summary>
    public DecisionForm? Sent { get; private set; }

    public static string RowForm(Guid id) => $"application:{id}";

    protected override async Task LoadAsync()
    {
        var all = await listApplications.HandleAsync(Me, null, HttpContext.RequestAborted);
        Pending = [.. all.Where(a => a.Status == ApplicationStatus.Pending).OrderBy(a => a.SubmittedAt)];
        Decided = [.. all.Where(a => a.Status != ApplicationStatus.Pending).Take(100)];
    }

    public Task<IActionResult> OnPostApproveAsync(DecisionForm decision, [FromServices] ApproveCarrierApplication approve)
    {
        Sent = decision;
        return ActShowingPassword(RowForm(decision.Id), async () =>
                (await approve.HandleAsync(Me, decision.Id, new ApprovalRequest(NoticeForm.Blank(decision.Username), NoticeForm.Blank(decision.DisplayName)), HttpContext.RequestAborted)).Account,
            "Application approved: the company is registered and its account opened.");
    }

    public Task<IActionResult> OnPostRejectAsync(DecisionForm decision, [FromServices] RejectCarrierApplication reject)
    {
        Sent = decision;
        return Act(RowForm(decision.Id), () => reject.HandleAsync(Me, decision.Id, new RejectionRequest(decision.Reason), HttpContext.RequestAborted), "Application rejected.");
    }
}

/// <summary>A decision on an application as posted.</summary>
public sealed class DecisionForm
{
    public Guid Id { get; set; }

    public string? Username { get; set; }

    public string? DisplayName { get; set; }

    public string? Reason { get; set; }
}
