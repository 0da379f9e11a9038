using Khyber.Domain;
using Khyber.Domain.Commitments;
using Khyber.Domain.Incidents;
using Khyber.Storage;

namespace Khyber.Api.Demo;

/// <summary>
/// The incident, meetings, agreements and commitments of the demo story, relative to now.
/// </summary>
/// <remarks>
/// The article has the Kabul meeting <i>follow</i> the closure, yet the closure was over Pakistan's alleged failure
/// to keep commitments it had already made. So the story has two agreements: an earlier Torkham arrangement
/// (four months ago) whose zero-point commitment Afghanistan disputes — the dispute the closure notice cites,
/// with the exchange of fire — and the Kabul meeting a day ago, after the closure, with new commitments of
/// both sides that are still open. Two of the Kabul commitments are measured, one per side — Pakistan's trucks let
/// out to Afghanistan at Torkham, Afghanistan's gate kept open round the clock — from a baseline the meeting agreed:
/// the three weeks before it (or the demo's history, if shorter), so the desk and the daily report show what the
/// records say about each side from the first start.
/// </remarks>
internal static class DemoRegisters
{
    /// <summary>What the Torkham closure notice cites.</summary>
    public sealed record Cited(Guid ExchangeOfFire, Guid DisputedCommitment);

    /// <summary>What Pakistan's measured Kabul commitment asks: trucks out to Afghanistan through Torkham a day, below Torkham's usual traffic.</summary>
    public const int TrucksADay = 250;

    public static Cited Write(KhyberDb db, DateTimeOffset now, DateTimeOffset torkhamClosedAt, int historyDays)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var commitments = new List<Commitment>();

        // Four months ago: the Torkham arrangement, agreed at a border coordination meeting at the crossing.
        var coordination = Meeting(db, DateOnly.FromDateTime(now.AddDays(-122).UtcDateTime), "Torkham, joint border coordination office",
            // Officials below the ministers are named by office only: the article does not name them.
            [(Side.PK, "Sector Commander, Frontier Corps Khyber", null), (Side.PK, "Collector of Customs, Peshawar", null),
             (Side.AF, "Director of Border Affairs, Nangarhar", null), (Side.AF, "Head of the Torkham customs house", null)],
            ["border management", "trade", "movement of people"],
            "Both sides agreed to keep Torkham working for traders, patients and transit trucks, and that neither would build new structures " +
            "at the zero point without the other's consent. Disagreements would go to the liaison desks before any closure.",
            now.AddDays(-122), Side.PK);
        var arrangement = Agreement(db, "Torkham crossing arrangements", coordination.Id, coordination.HeldOn, now.AddDays(-121), Side.PK);
        var people = Commitment(commitments, arrangement, Side.PK, "Let traders and patients with valid documents cross at Torkham without additional permits.",
            coordination.HeldOn.AddDays(30), now.AddDays(-121));
        people.Report(Side.PK, ComplianceStatus.Done, "Additional permit requirement withdrawn by notification of the Ministry of Interior; patients' desk opened at the terminal.",
            "pk.liaison", now.AddDays(-95));
        var zeroPoint = Commitment(commitments, arrangement, Side.PK, "Build no new structures at the zero point without the consent of the Afghan side.",
            null, now.AddDays(-121));
        zeroPoint.Report(Side.PK, ComplianceStatus.OnTrack, "No construction at the zero point; the repair of the existing fence is maintenance, not a new structure.",
            "pk.liaison", now.AddDays(-20));
        zeroPoint.Dispute(Side.AF, "Pakistani forces have begun building a new check-post at the zero point, against what was agreed. " +
            "Work continued after our border commander protested on the spot.", "af.liaison", torkhamClosedAt.AddHours(-10));
        var transit = Commitment(commitments, arrangement, Side.PK, "Clear Afghan transit trucks bound for and from Karachi port without new bank guarantees.",
            coordination.HeldOn.AddDays(60), now.AddDays(-121));
        transit.Report(Side.PK, ComplianceStatus.OnTrack, "Guarantee circular suspended for trucks already loaded; a permanent rule is before the Federal Board of Revenue.",
            "pk.liaison", now.AddDays(-70));
        var militants = Commitment(commitments, arrangement, Side.AF, "Prevent armed groups from using Afghan territory near Torkham to cross into Pakistan.",
            null, now.AddDays(-121));
        militants.Report(Side.AF, ComplianceStatus.OnTrack, "Additional border force posts on the Nangarhar side of the crossing; patrols doubled at night.",
            "af.liaison", now.AddDays(-40));
        Commitment(commitments, arrangement, Side.AF, "Keep the Afghan gate at Torkham open round the clock for trade.", null, now.AddDays(-121))
            .Report(Side.AF, ComplianceStatus.OnTrack, "Gate open 24 hours since the arrangement.", "af.liaison", now.AddDays(-60));

        // The exchange of fire, hours before the Afghan side closed the crossing.
        var fire = new Incident
        {
            Id = Guid.NewGuid(),
            CrossingId = "torkham",
            Side = Side.PK,
            OccurredAt = torkhamClosedAt.AddHours(-3),
            Category = IncidentCategory.ExchangeOfFire,
            Description = "Afghan border forces opened fire on Pakistani troops at the zero point while they repaired the border fence; " +
                "Pakistani troops returned fire. One Pakistani guard was injured and taken to Landi Kotal hospital.",
            LoggedAt = torkhamClosedAt.AddHours(-2),
            LoggedBy = "pk.officer.torkham",
            Casualties = [new IncidentCasualty { Id = Guid.NewGuid(), Side = Side.PK, Kind = CasualtyKind.Personnel, Killed = 0, Injured = 1 }],
        };
        fire.Respond(Side.AF, ResponseStance.Dispute,
            "Pakistani forces were building a new check-post at the zero point, not repairing the fence, and fired first when our guards " +
            "objected. Our forces returned fire.", "af.liaison", torkhamClosedAt.AddHours(1));
        db.Incidents.Add(fire);

        // A day ago in Kabul, after the closure: the meeting of the article, and what each side undertook there.
        var kabul = Meeting(db, today.AddDays(-1), "Kabul",
            [(Side.PK, "Khwaja Asif", "Minister of Defence"),
             (Side.PK, "Lt Gen Nadeem Anjum", "Director-General, Inter-Services Intelligence (ISI)"),
             (Side.AF, "Mullah Abdul Ghani Baradar", "Acting Deputy Prime Minister for Economic Affairs")],
            ["economic cooperation", "regional connectivity", "trade", "security", "bilateral relations"],
            "The delegations discussed economic cooperation, regional connectivity, trade and relations between the two countries, and agreed " +
            "that political and security issues should not hinder economic ties. Mullah Baradar stressed that commercial and economic relations " +
            "with Pakistan are in the interest of both countries. The Pakistani side raised attacks launched on Pakistan from Afghan territory.",
            now.AddHours(-20), Side.PK);
        var understanding = Agreement(db, "Kabul understanding on trade and security", kabul.Id, kabul.HeldOn, now.AddHours(-18), Side.AF);
        Commitment(commitments, understanding, Side.PK, "Halt construction at the Torkham zero point pending a joint survey.", kabul.HeldOn.AddDays(3), now.AddHours(-18));
        Commitment(commitments, understanding, Side.PK, "Resume the passage of Afghan transit trucks held at Torkham and Peshawar once the crossing reopens.", kabul.HeldOn.AddDays(7), now.AddHours(-18));
        Commitment(commitments, understanding, Side.AF, "Reopen Torkham to trade and keep it open round the clock.", kabul.HeldOn.AddDays(3), now.AddHours(-18),
            Measured(MetricKind.HoursOpen, null, 24, today, historyDays));
        Commitment(commitments, understanding, Side.PK, $"Let at least {TrucksADay} trucks a day leave Pakistan for Afghanistan through Torkham, as both gates record them.", null, now.AddHours(-18),
            Measured(MetricKind.TrucksThrough, Direction.PkToAf, TrucksADay, today, historyDays));
        Commitment(commitments, understanding, Side.AF, "Act against militants crossing into Pakistan and share information on them through the liaison desks.", kabul.HeldOn.AddDays(30), now.AddHours(-18));

        db.Commitments.AddRange(commitments);
        return new Cited(fire.Id, zeroPoint.Id);
    }

    private static Meeting Meeting(KhyberDb db, DateOnly heldOn, string place, (Side Side, string Name, string? Title)[] members, List<string> topics, string summary, DateTimeOffset recordedAt, Side by)
    {
        var meeting = new Meeting
        {
            Id = Guid.NewGuid(),
            HeldOn = heldOn,
            Place = place,
            Topics = topics,
            Summary = summary,
            RecordedAt = recordedAt,
            RecordedBy = by == Side.PK ? "pk.liaison" : "af.liaison",
            RecordedBySide = by,
            Members = [.. members.Select((m, i) => new MeetingMember { Id = Guid.NewGuid(), Side = m.Side, Position = i, Name = m.Name, Title = m.Title })],
        };
        db.Meetings.Add(meeting);
        return meeting;
    }

    private static Agreement Agreement(KhyberDb db, string title, Guid meetingId, DateOnly concludedOn, DateTimeOffset recordedAt, Side by)
    {
        var agreement = new Agreement
        {
            Id = Guid.NewGuid(),
            Title = title,
            MeetingId = meetingId,
            ConcludedOn = concludedOn,
            RecordedAt = recordedAt,
            RecordedBy = by == Side.PK ? "pk.liaison" : "af.liaison",
            RecordedBySide = by,
        };
        db.Agreements.Add(agreement);
        return agreement;
    }

    /// <summary>A metric at Torkham measured from the baseline: three weeks back, or as far as the demo's history goes.</summary>
    private static CommitmentMetric Measured(MetricKind kind, Direction? direction, double target, DateOnly today, int historyDays) => new()
    {
        Kind = kind,
        CrossingId = "torkham",
        Direction = direction,
        Target = target,
        Comparison = MetricRules.DefaultComparison(kind),
        MeasuredFrom = today.AddDays(-Math.Min(21, historyDays)),
    };

    private static Commitment Commitment(List<Commitment> commitments, Agreement agreement, Side obligor, string text, DateOnly? dueOn, DateTimeOffset recordedAt, CommitmentMetric? metric = null)
    {
        var commitment = new Commitment
        {
            Id = Guid.NewGuid(),
            AgreementId = agreement.Id,
            ObligorSide = obligor,
            Text = text,
            DueOn = dueOn,
            RecordedAt = recordedAt,
            RecordedBy = agreement.RecordedBy,
            RecordedBySide = agreement.RecordedBySide,
            Metric = metric,
        };
        // Added to the context with its reports and disputes at the end (see Write), as one new graph.
        commitments.Add(commitment);
        return commitment;
    }
}
