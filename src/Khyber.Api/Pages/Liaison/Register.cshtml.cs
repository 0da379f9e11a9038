using Khyber.Api.Commitments;
using Khyber.Api.Infrastructure;
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

    public const int Shown = 50;

    public MoreLink MoreAgreements { get; private set; } = new("agreementsAfter", null, "commitments-heading");

    public MoreLink MoreMeetings { get; private set; } = new("meetingsAfter", null, "meetings-heading");

    [BindProperty(SupportsGet = true)]
    public string? AgreementsAfter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? MeetingsAfter { get; set; }

    /// <summary>The report or dispute last sent, kept so that a refused one is shown again as typed, beside its commitment.</summary>
    public EntrySent? Entry { get; private set; }

    /// <summary>The name of a commitment's report or dispute form, for the messages that belong to it.</summary>
    public static string EntryForm(Guid commitment) => $"commitment:{commitment}";

    protected override async Task LoadAsync()
    {
        var agreements = await listAgreements.HandleAsync(Me, new PageRequest(AgreementsAfter, Shown), HttpContext.RequestAborted);
        (Agreements, MoreAgreements) = (agreements.Items, MoreAgreements with { Next = agreements.Next });
        var meetings = await listMeetings.HandleAsync(new PageRequest(MeetingsAfter, Shown), HttpContext.RequestAborted);
        (Meetings, MoreMeetings) = (meetings.Items, MoreMeetings with { Next = meetings.Next });
    }

    public Task<IActionResult> OnPostReportAsync(Guid commitment, string? status, string? evidence, [FromServices] ReportCompliance report)
    {
        Entry = new EntrySent(commitment, status, evidence);
        return Act(EntryForm(commitment), () => report.HandleAsync(Me, commitment, new ComplianceReportRequest(status, evidence), HttpContext.RequestAborted), "Report recorded.");
    }

    public Task<IActionResult> OnPostDisputeAsync(Guid commitment, string? statement, [FromServices] DisputeCommitment dispute)
    {
        Entry = new EntrySent(commitment, null, statement);
        return Act(EntryForm(commitment), () => dispute.HandleAsync(Me, commitment, new DisputeRequest(statement), HttpContext.RequestAborted), "Dispute recorded.");
    }
}

/// <summary>A compliance report (with its status) or a dispute as the liaison sent it.</summary>
public sealed record EntrySent(Guid Commitment, string? Status, string? Text);
