using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

public sealed record MemberRequest([property: Required] string? Name, string? Title);

public sealed record DelegationRequest([property: Required] string? Side, [property: Required] List<MemberRequest?>? Members);

public sealed record RecordMeetingRequest([property: Required] DateOnly? HeldOn, [property: Required] string? Place, [property: Required] List<DelegationRequest?>? Delegations, [property: Required] List<string?>? Topics, [property: Required] string? Summary);

/// <summary>A liaison records a meeting held: the day, the place, each side's delegation, the topics and a summary.</summary>
public sealed class RecordMeeting(KhyberDb db, TimeProvider time, Idempotency idempotency) : IUseCase
{
    public async Task<MeetingView> HandleAsync(Actor actor, RecordMeetingRequest r, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayKeepRegister(actor), "Meetings are recorded by either side's liaison.");
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var draft = new MeetingDraft(
            r.HeldOn, r.Place,
            r.Delegations?.Select(d => d is null ? null : new DelegationDraft(d.Side, d.Members?.Select(m => m is null ? null : new MemberDraft(m.Name, m.Title)).ToList())).ToList(),
            r.Topics, r.Summary);
        var members = RegisterRules.CheckMeeting(draft, now, errors);
        Problems.ThrowIfAny(errors);

        var meeting = new Meeting
        {
            Id = Guid.NewGuid(),
            HeldOn = r.HeldOn!.Value,
            Place = r.Place!.Trim(),
            Topics = [.. r.Topics!.Select(t => t!.Trim())],
            Summary = r.Summary!.Trim(),
            RecordedAt = now,
            RecordedBy = actor.UserName,
            RecordedBySide = actor.Side!.Value,
            Members = [.. members.Select((m, i) => new MeetingMember { Id = Guid.NewGuid(), Side = m.Side, Position = i, Name = m.Name, Title = m.Title })],
        };
        db.Acting(actor, nameof(RecordMeeting), "meetings");
        db.Meetings.Add(meeting);
        var view = MeetingViews.View(meeting);
        idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/meetings/{meeting.Id}", now);
        await db.SaveChangesAsync(ct);
        return view;
    }
}
