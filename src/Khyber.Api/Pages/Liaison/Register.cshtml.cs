using Khyber.Api.Commitments;
using Khyber.Api.Pages.Shared;
using Khyber.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Liaison;

/// <summary>The register of meetings, agreements and commitments: status, compliance reports and disputes.</summary>
public sealed class RegisterModel(ApiCall api) : KhyberPage(api)
{
    public Side Side => Me.Side ?? Side.PK;

    public IReadOnlyList<AgreementView> Agreements { get; private set; } = [];

    public IReadOnlyList<MeetingView> Meetings { get; private set; } = [];

    protected override async Task LoadAsync()
    {
        Agreements = await Api.GetAsync<List<AgreementView>>("ListAgreements");
        Meetings = await Api.GetAsync<List<MeetingView>>("ListMeetings");
    }

    public Task<IActionResult> OnPostReportAsync(Guid commitment, string? status, string? evidence) =>
        Act("commitments", () => Api.PostAsync<ComplianceReportView>("ReportCompliance", new { id = commitment }, new ComplianceReportRequest(status, evidence)), "Report recorded.");

    public Task<IActionResult> OnPostDisputeAsync(Guid commitment, string? statement) =>
        Act("commitments", () => Api.PostAsync<DisputeView>("DisputeCommitment", new { id = commitment }, new DisputeRequest(statement)), "Dispute recorded.");
}
