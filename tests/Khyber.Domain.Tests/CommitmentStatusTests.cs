using Khyber.Domain.Commitments;

namespace Khyber.Domain.Tests;

public sealed class CommitmentStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 28);

    private static Commitment New(Side obligor = Side.PK, DateOnly? dueOn = null) => new()
    {
        Id = Guid.NewGuid(),
        AgreementId = Guid.NewGuid(),
        ObligorSide = obligor,
        Text = "Build no new structures at the zero point.",
        DueOn = dueOn,
        RecordedAt = Now,
        RecordedBy = "pk.liaison",
        RecordedBySide = Side.PK,
    };

    [Fact]
    public void Nothing_reported_and_not_due_is_open()
    {
        Assert.Equal(CommitmentStatus.Open, New(dueOn: Today.AddDays(3)).StatusAt(Now));
        Assert.Equal(CommitmentStatus.Open, New(dueOn: null).StatusAt(Now.AddYears(5)));
    }

    [Fact]
    public void A_commitment_is_due_until_midnight_on_the_obligor_sides_own_clock()
    {
        // Afghanistan's day ends at midnight in Kabul, 19:30 UTC; Pakistan's at midnight in Karachi, 19:00 UTC.
        var afghan = New(obligor: Side.AF, dueOn: Today);
        Assert.Equal(CommitmentStatus.Open, afghan.StatusAt(new DateTimeOffset(2026, 11, 28, 19, 29, 59, TimeSpan.Zero)));
        Assert.Equal(CommitmentStatus.Overdue, afghan.StatusAt(new DateTimeOffset(2026, 11, 28, 19, 30, 0, TimeSpan.Zero)));
        var pakistani = New(obligor: Side.PK, dueOn: Today);
        Assert.Equal(CommitmentStatus.Open, pakistani.StatusAt(new DateTimeOffset(2026, 11, 28, 18, 59, 59, TimeSpan.Zero)));
        Assert.Equal(CommitmentStatus.Overdue, pakistani.StatusAt(new DateTimeOffset(2026, 11, 28, 19, 0, 0, TimeSpan.Zero)));
        // UTC midnight plays no part: by then both sides' day is long over.
        Assert.Equal(CommitmentStatus.Overdue, afghan.StatusAt(new DateTimeOffset(2026, 11, 28, 23, 59, 0, TimeSpan.Zero)));
    }

    [Theory]
    // New York falls back on 1 November 2026 (EDT, UTC-4, to EST, UTC-5) and springs forward on 14 March 2027.
    [InlineData("2026-10-31", "2026-11-01T03:59:59Z", "2026-11-01T04:00:00Z")]
    [InlineData("2026-11-01", "2026-11-02T04:59:59Z", "2026-11-02T05:00:00Z")]
    [InlineData("2027-03-13", "2027-03-14T04:59:59Z", "2027-03-14T05:00:00Z")]
    [InlineData("2027-03-14", "2027-03-15T03:59:59Z", "2027-03-15T04:00:00Z")]
    public void The_due_day_ends_at_local_midnight_in_a_zone_with_daylight_saving_time(string due, string stillDue, string overdue)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var day = DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(CommitmentStatusRules.IsPastDue(day, DateTimeOffset.Parse(stillDue, System.Globalization.CultureInfo.InvariantCulture), zone));
        Assert.True(CommitmentStatusRules.IsPastDue(day, DateTimeOffset.Parse(overdue, System.Globalization.CultureInfo.InvariantCulture), zone));
    }

    [Fact]
    public void On_track_becomes_overdue_when_the_due_day_passes_without_done()
    {
        var c = New(dueOn: Today);
        c.Report(Side.PK, ComplianceStatus.OnTrack, "Work under way.", "pk.liaison", Now);
        Assert.Equal(CommitmentStatus.OnTrack, c.StatusAt(Now));
        Assert.Equal(CommitmentStatus.Overdue, c.StatusAt(Now.AddDays(1)));
    }

    [Fact]
    public void Done_stays_done_after_the_due_day_even_when_reported_late()
    {
        var c = New(dueOn: Today);
        c.Report(Side.PK, ComplianceStatus.Done, "Completed.", "pk.liaison", Now.AddDays(2));
        Assert.Equal(CommitmentStatus.Done, c.StatusAt(Now.AddDays(10)));
    }

    [Fact]
    public void Failed_wins_over_overdue_and_the_latest_report_counts()
    {
        var c = New(dueOn: Today);
        c.Report(Side.PK, ComplianceStatus.Failed, "Could not.", "pk.liaison", Now);
        Assert.Equal(CommitmentStatus.Failed, c.StatusAt(Now.AddDays(3)));
        c.Report(Side.PK, ComplianceStatus.Done, "Done after all.", "pk.liaison", Now.AddDays(4));
        Assert.Equal(CommitmentStatus.Done, c.StatusAt(Now.AddDays(5)));
        c.Report(Side.PK, ComplianceStatus.Failed, "Undone by the flood.", "pk.liaison", Now.AddDays(6));
        Assert.Equal(CommitmentStatus.Failed, c.StatusAt(Now.AddDays(6)));
    }

    [Fact]
    public void A_dispute_after_the_latest_report_makes_it_disputed_whatever_the_report_said()
    {
        foreach (var said in Enum.GetValues<ComplianceStatus>())
        {
            var c = New(dueOn: Today);
            c.Report(Side.PK, said, "Our account.", "pk.liaison", Now);
            c.Dispute(Side.AF, "Not so.", "af.liaison", Now);
            Assert.Equal(CommitmentStatus.Disputed, c.StatusAt(Now));
            Assert.Equal(CommitmentStatus.Disputed, c.StatusAt(Now.AddDays(5)));
        }
    }

    [Fact]
    public void A_dispute_with_no_report_is_disputed_even_past_due()
    {
        var c = New(dueOn: Today);
        c.Dispute(Side.AF, "Nothing has been done.", "af.liaison", Now);
        Assert.Equal(CommitmentStatus.Disputed, c.StatusAt(Now.AddDays(3)));
    }

    [Fact]
    public void A_report_after_a_dispute_answers_it_and_a_later_dispute_reopens_it_even_in_the_same_second()
    {
        var c = New();
        c.Dispute(Side.AF, "Construction seen at the zero point.", "af.liaison", Now);
        c.Report(Side.PK, ComplianceStatus.Done, "The structure was removed; joint inspection minutes attached.", "pk.liaison", Now);
        Assert.Equal(CommitmentStatus.Done, c.StatusAt(Now));
        c.Dispute(Side.AF, "It was rebuilt overnight.", "af.liaison", Now);
        Assert.Equal(CommitmentStatus.Disputed, c.StatusAt(Now));
        Assert.Equal([1, 3], c.Disputes.Select(d => d.Sequence));
        Assert.Equal([2], c.Reports.Select(r => r.Sequence));
    }

    [Fact]
    public void Only_the_obligor_reports_and_only_the_other_side_disputes()
    {
        var c = New(obligor: Side.AF);
        Assert.Throws<StateConflictException>(() => c.Report(Side.PK, ComplianceStatus.Done, "We say so.", "pk.liaison", Now));
        Assert.Throws<StateConflictException>(() => c.Dispute(Side.AF, "We dispute ourselves.", "af.liaison", Now));
        Assert.Empty(c.Reports);
        Assert.Empty(c.Disputes);
        Assert.Equal(0, c.EventCount);
    }

    [Theory]
    [InlineData(new[] { 2, 5 }, new[] { 1, 4 }, CommitmentStatus.OnTrack)]
    [InlineData(new[] { 2 }, new[] { 1, 4 }, CommitmentStatus.Disputed)]
    [InlineData(new int[0], new int[0], CommitmentStatus.Open)]
    public void Order_is_by_sequence_not_by_list_order(int[] reportSequences, int[] disputeSequences, CommitmentStatus expected)
    {
        var reports = reportSequences.Reverse().Select(s => (s, ComplianceStatus.OnTrack));
        Assert.Equal(expected, CommitmentStatusRules.Derive(null, reports, disputeSequences.Reverse(), Now, TimeZoneInfo.Utc));
    }
}
