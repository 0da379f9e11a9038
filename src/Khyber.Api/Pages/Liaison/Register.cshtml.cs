using Khyber.Api.Commitments;
using Khyber.Api.Pages.Shared;
using Khyber.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Liaison;

/// <summary>The register of meetings, agreements and commitments: status, compliance reports and disputes, through the API's own use cases.</summary>
public sealed class RegisterModel(ListAgreements listAgreements, ListMeetings listMeetings) : KhyberPage
{
    public Side Side => Me.Side ?? Side.PK;

    public IReadOnlyList<AgreementView> Agreements { get; private set; } = [];

    public IReadOnlyList<MeetingView> Meetings { get; private set; } = [];

    protected override async Task LoadAsync()
    {
        Agreements = await listAgreements.HandleAsync(Me, HttpContext.RequestAborted);
        Meetings = await listMeetings.HandleAsync(HttpContext.RequestAborted);
    }

    public Task<IActionResult> OnPostReportAsync(Guid commitment, string? status, string? evidence, [FromServices] ReportCompliance report) =>
        Act("commitments", () => report.HandleAsync(Me, commitment, new ComplianceReportRequest(status, evidence), HttpContext.RequestAborted), "Report recorded.");

    public Task<IActionResult> OnPostDisputeAsync(Guid commitment, string? statement, [FromServices] DisputeCommitment dispute) =>
        Act("commitments", () => dispute.HandleAsync(Me, commitment, new DisputeRequest(statement), HttpContext.RequestAborted), "Dispute recorded.");
}
