using System.ComponentModel.DataAnnotations;
using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Sms;
using Khyber.Api.Stranded;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Notices;
using Khyber.Domain.Sms;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notices;

public sealed record IssueNoticeRequest(
    [property: Required] string? GateState,
    [property: Required] List<string>? Directions,
    [property: Required] string? ReasonCategory,
    string? Reason,
    [property: Required] DateTimeOffset? EffectiveFrom,
    DateTimeOffset? ExpectedUntil,
    bool? Emergency,
    string? EmergencyJustification,
    List<string>? IncidentIds,
    List<string>? CommitmentIds,
    List<string>? AllowedCategories);

/// <summary>A side announces that its own gate at a crossing changes state: when, for which directions, and why.</summary>
/// <remarks>
/// Issued by the side's officer at that crossing or the side's liaison; checked against the crossing's notice policy
/// (<see cref="NoticeRules"/>). A notice that takes effect at once is announced in force in the same transaction.
/// </remarks>
public sealed class IssueNotice(KhyberDb db, TimeProvider time, Idempotency idempotency, DriverMessages messages) : IUseCase
{
    public async Task<NoticeView> HandleAsync(Actor actor, string crossingId, IssueNoticeRequest request, CancellationToken ct)
    {
        var crossing = await CrossingLookups.Whole(db, crossingId, ct)
            ?? throw Problems.NotFound($"No crossing '{crossingId}'.");
        if (actor.Side is not { } side)
        {
            throw Problems.Forbidden("Notices are issued by a side; this account belongs to neither.");
        }
        AuthSetup.Require(Permissions.MayIssueNotice(actor, crossing.Id, side), $"Only {side}'s officers at {crossing.Name} or {side}'s liaison may issue notices for {side}'s gate here.");

        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var citations = await NoticeCitations.LoadAsync(db, crossing.Id, request.IncidentIds, request.CommitmentIds, ct);
        citations.Check(errors);
        var draft = new NoticeDraft(
            request.GateState, request.Directions, request.ReasonCategory, request.Reason, request.EffectiveFrom, request.ExpectedUntil,
            request.Emergency, request.EmergencyJustification, request.AllowedCategories);
        var terms = NoticeRules.Validate(draft, crossing.MinimumNoticeHours, now, errors);
        Problems.ThrowIfAny(errors);

        db.Acting(actor, nameof(IssueNotice), $"crossings/{crossing.Id}/notices");
        var (view, cameIntoForce) = await Concurrency.RetryAsync(db, async token =>
        {
            // Made afresh on every attempt: a retried attempt starts from what is stored, not from the failed one.
            var notice = Notice.Issue(crossing.Id, side, terms!, citations.IncidentIds, citations.CommitmentIds, actor.UserName, now);
            db.Notices.Add(notice);
            var same = await db.Notices.Where(n => n.CrossingId == crossing.Id).ToListAsync(token);
            same.Add(notice);
            var cameIntoForce = NoticeLifecycle.ComeIntoForce(same, now);
            var result = NoticeViews.View(notice, same, now);
            idempotency.Record(db, StatusCodes.Status201Created, result, $"/api/v1/notices/{notice.Id}", now);
            Events.Publish(db, EventTypes.Notice, crossing.Id, side.ToString(), notice.Id.ToString(), result, now);
            foreach (var inForce in cameIntoForce)
            {
                StatusEvent.Publish(db, crossing, same, StatusReason.Notice, inForce.Side, now, inForce);
            }
            // A notice in force at once closes or reopens now: its drivers hear it with the notice.
            await messages.DirectionsChangedAsync(db, crossing, DirectionChanges.Of(same, cameIntoForce, now), now, token);
            await db.SaveChangesAsync(token);
            return (result, cameIntoForce.Count);
        }, ct);
        if (cameIntoForce > 0)
        {
            await StrandedRecorder.RecordAsync(db, crossing.Id, now, force: true, ct);
        }
        return view;
    }
}
