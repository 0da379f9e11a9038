using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

public sealed record MemberRequest(string? Name, string? Title);

public sealed record DelegationRequest(string? Side, List<MemberRequest?>? Members);

public sealed record RecordMeetingRequest(DateOnly? HeldOn, string? Place, List<DelegationRequest?>? Delegations, List<string?>? Topics, string? Summary);

public sealed record MemberView(string Name, string? Title);

public sealed record DelegationView(string Side, IReadOnlyList<MemberView> Members);

public sealed record MeetingView(
    Guid Id,
    DateOnly HeldOn,
    string Place,
    IReadOnlyList<DelegationView> Delegations,
    IReadOnlyList<string> Topics,
    string Summary,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    string RecordedBySide);

/// <summary>Meetings of the two sides' delegations: recorded by either side's liaison, read by anyone.</summary>
public static class MeetingEndpoints
{
    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/meetings").WithTags("Meetings, agreements, commitments");
        group.MapPost("/", Record)
            .RequireAuthorization()
            .Idempotent()
            .WithName("RecordMeeting")
            .WithSummary("A liaison records a meeting held: the day, the place, each side's delegation, the topics and a summary.");
        group.MapGet("/", async (KhyberDb db, CancellationToken ct) =>
            {
                var meetings = await db.Meetings.AsNoTracking().OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.RecordedAt).Take(1000).ToListAsync(ct);
                return TypedResults.Ok(meetings.Select(View).ToList());
            })
            .WithName("ListMeetings")
            .WithSummary("Meetings, latest first, with delegations and topics.");
        group.MapGet("/{id:guid}", async (Guid id, KhyberDb db, CancellationToken ct) =>
                TypedResults.Ok(View(await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw Problems.NotFound($"No meeting {id}."))))
            .WithName("GetMeeting")
            .WithSummary("One meeting with its delegations and topics.");
        return app;
    }

    private static async Task<IResult> Record(Body<RecordMeetingRequest> body, HttpContext http, KhyberDb db, TimeProvider time, Idempotency idempotency, CancellationToken ct)
    {
        var actor = http.User.Actor();
        AuthSetup.Require(Permissions.MayKeepRegister(actor), "Meetings are recorded by either side's liaison.");
        var r = body.Value;
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
        db.Meetings.Add(meeting);
        var view = View(meeting);
        idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/meetings/{meeting.Id}", now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/meetings/{meeting.Id}", view);
    }

    public static MeetingView View(Meeting m) => new(
        m.Id, m.HeldOn, m.Place,
        [.. m.Members.OrderBy(x => x.Position).GroupBy(x => x.Side).Select(g => new DelegationView(g.Key.ToString(), [.. g.Select(x => new MemberView(x.Name, x.Title))]))],
        m.Topics, m.Summary, m.RecordedAt, m.RecordedBy, m.RecordedBySide.ToString());
}
