using System.Globalization;
using Khyber.Domain.Commitments;
using Khyber.Domain.Crossings;
using Khyber.Domain.Incidents;
using Khyber.Domain.Notices;
using Khyber.Domain.Records;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

/// <summary>
/// Every metric kind measured by <see cref="CommitmentMetrics.Evaluate"/> from plain records, on each side's own calendar
/// day — including the 23-hour and 25-hour days of a clock that changes (Europe/Bucharest: 28 March 2027 springs forward at
/// 01:00 UTC, 25 October 2026 falls back at 01:00 UTC).
/// </summary>
public sealed class CommitmentMetricsTests
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static DateOnly Day(string day) => DateOnly.Parse(day, CultureInfo.InvariantCulture);

    private const string Bucharest = "Europe/Bucharest";

    /// <summary>Pakistan on Karachi's clock, Afghanistan (for the test) on Bucharest's, both round the clock unless given hours.</summary>
    private static CrossingFacts Facts(
        IEnumerable<NoticeFact>? notices = null, IEnumerable<TruckFact>? trucks = null, IEnumerable<IncidentFact>? incidents = null, GateHours? afHours = null) =>
        new("test", [new SideClock(Side.PK, "Asia/Karachi", null), new SideClock(Side.AF, Bucharest, afHours)], [.. notices ?? []], [.. trucks ?? []], [.. incidents ?? []]);

    private static CommitmentMetric Metric(MetricKind kind, double target, Direction? direction = null, int? warningHours = null, int? withinMinutes = null, int? withinHours = null) => new()
    {
        Kind = kind,
        CrossingId = "test",
        Direction = direction,
        Target = target,
        Comparison = MetricRules.DefaultComparison(kind),
        WarningHours = warningHours,
        WithinMinutes = withinMinutes,
        WithinHours = withinHours,
        MeasuredFrom = Day("2026-10-01"),
    };

    private static NoticeFact Notice(Side side, GateState state, string effective, string issued, bool emergency = false, string? acknowledged = null, params Direction[] directions) =>
        new(Guid.NewGuid(), side, state, directions.Length == 0 ? [Direction.PkToAf, Direction.AfToPk] : directions, [], At(effective), At(issued), emergency,
            acknowledged is null ? null : At(acknowledged));

    private static TruckFact Truck(Direction direction, string? exited = null, string? entered = null, string? spoiled = null, string? arrived = null, decimal value = 10_000m) =>
        new(Guid.NewGuid(), direction, spoiled is null ? CargoCategory.General : CargoCategory.Perishable, value,
            arrived is null ? null : At(arrived), exited is null ? null : At(exited), entered is null ? null : At(entered), spoiled is null ? null : At(spoiled), null);

    // ---------------------------------------------------------------- days, and when they are over

    [Fact]
    public void A_sides_day_runs_midnight_to_midnight_on_its_own_clock_and_is_23_or_25_hours_when_the_clock_changes()
    {
        var bucharest = new SideClock(Side.AF, Bucharest, null);
        Assert.Equal(new BorderSpan(At("2027-03-27T22:00:00Z"), At("2027-03-28T21:00:00Z")), bucharest.Day(Day("2027-03-28")));
        Assert.Equal(TimeSpan.FromHours(23), bucharest.Day(Day("2027-03-28")).Length);
        Assert.Equal(TimeSpan.FromHours(25), bucharest.Day(Day("2026-10-25")).Length);
        Assert.Equal(TimeSpan.FromHours(24), bucharest.Day(Day("2027-03-27")).Length);

        var sides = Facts().Sides;
        // Karachi's 28 March ends at 19:00 UTC, Bucharest's (on summer time by then) at 21:00 UTC: the later is when the day is over.
        Assert.Equal(At("2027-03-28T21:00:00Z"), CommitmentMetrics.DayOver(Day("2027-03-28"), sides));
        Assert.Equal(Day("2027-03-27"), CommitmentMetrics.LastDayOver(At("2027-03-28T20:59:59Z"), sides));
        Assert.Equal(Day("2027-03-28"), CommitmentMetrics.LastDayOver(At("2027-03-28T21:00:00Z"), sides));
    }

    // ---------------------------------------------------------------- hours open

    [Fact]
    public void A_gate_open_round_the_clock_meets_24_hours_on_the_23_hour_day_by_being_open_all_23()
    {
        var evaluation = CommitmentMetrics.Evaluate(Side.AF, Metric(MetricKind.HoursOpen, 24), Day("2027-03-28"), Facts());

        Assert.Equal(EvaluationResult.Met, evaluation.Result);
        Assert.Equal(23, evaluation.Value);
        Assert.Equal(23, evaluation.Target);
        Assert.Equal(23, evaluation.Counts["dayHours"]);
        Assert.Equal(24, evaluation.Counts["agreedHours"]);
    }

    [Fact]
    public void On_the_25_hour_day_a_gate_closed_for_two_hours_is_open_23_and_misses_24()
    {
        // Closed 02:30–04:30 local by the clock that falls back at 04:00 EEST → 03:00 EET: 23:30–01:30 UTC is two real hours.
        var notices = new[]
        {
            Notice(Side.AF, GateState.Closed, "2026-10-24T23:30:00Z", "2026-10-24T23:30:00Z", emergency: true),
            Notice(Side.AF, GateState.Open, "2026-10-25T01:30:00Z", "2026-10-24T23:30:00Z"),
        };
        var evaluation = CommitmentMetrics.Evaluate(Side.AF, Metric(MetricKind.HoursOpen, 24), Day("2026-10-25"), Facts(notices));

        Assert.Equal(EvaluationResult.Missed, evaluation.Result);
        Assert.Equal(23, evaluation.Value);
        Assert.Equal(24, evaluation.Target);
        Assert.Equal((25d, 25d, 2d), (evaluation.Counts["dayHours"], evaluation.Counts["operatingHours"], evaluation.Counts["closedHours"]));
    }

    [Fact]
    public void Hours_open_count_only_within_the_gates_hours_and_a_restriction_is_not_open()
    {
        // 08:00–20:00 in Bucharest (EET, UTC+2): 06:00–18:00 UTC. Restricted 10:00–13:00 local, for one direction only.
        var notices = new[]
        {
            Notice(Side.AF, GateState.Restricted, "2027-01-12T08:00:00Z", "2027-01-10T08:00:00Z", directions: Direction.AfToPk),
            Notice(Side.AF, GateState.Open, "2027-01-12T11:00:00Z", "2027-01-10T08:00:00Z", directions: Direction.AfToPk),
        };
        var facts = Facts(notices, afHours: new GateHours(new TimeOnly(8, 0), new TimeOnly(20, 0)));

        var whole = CommitmentMetrics.Evaluate(Side.AF, Metric(MetricKind.HoursOpen, 12), Day("2027-01-12"), facts);
        Assert.Equal((12d, 9d, 3d, 0d), (whole.Counts["operatingHours"], whole.Counts["openHours"], whole.Counts["restrictedHours"], whole.Counts["closedHours"]));
        Assert.Equal(EvaluationResult.Missed, whole.Result);

        // The other direction was never restricted.
        var other = CommitmentMetrics.Evaluate(Side.AF, Metric(MetricKind.HoursOpen, 12, Direction.PkToAf), Day("2027-01-12"), facts);
        Assert.Equal((12d, EvaluationResult.Met), (other.Value!.Value, other.Result));
    }

    [Fact]
    public void An_overnight_gate_is_within_its_hours_before_dawn_and_after_dusk_of_the_same_day()
    {
        var facts = Facts(afHours: new GateHours(new TimeOnly(22, 0), new TimeOnly(6, 0)));
        var evaluation = CommitmentMetrics.Evaluate(Side.AF, Metric(MetricKind.HoursOpen, 10), Day("2027-01-12"), facts);
        // 00:00–06:00 (the window opened the evening before) and 22:00–24:00.
        Assert.Equal(8, evaluation.Counts["operatingHours"]);
        Assert.Equal((8d, 8d), (evaluation.Value!.Value, evaluation.Target));
        Assert.Equal(EvaluationResult.Met, evaluation.Result);
    }

    // ---------------------------------------------------------------- trucks through

    [Fact]
    public void Exits_count_on_the_departing_sides_day_and_entries_on_the_arriving_sides_across_the_change_of_clock()
    {
        var trucks = new[]
        {
            // 23:30 EET on the 27th in Bucharest, 02:30 on the 28th in Karachi.
            Truck(Direction.AfToPk, exited: "2027-03-27T21:30:00Z", entered: "2027-03-27T21:50:00Z"),
            // 14:00 in Karachi, 17:00 EEST in Bucharest, on the 28th.
            Truck(Direction.AfToPk, exited: "2027-03-28T11:00:00Z", entered: "2027-03-28T11:20:00Z"),
            // 00:30 EEST on the 29th in Bucharest: after the change of clock, no longer the 28th.
            Truck(Direction.AfToPk, exited: "2027-03-28T21:30:00Z", entered: "2027-03-28T21:50:00Z"),
        };
        var facts = Facts(trucks: trucks);

        var byAf = CommitmentMetrics.Evaluate(Side.AF, Metric(MetricKind.TrucksThrough, 2, Direction.AfToPk), Day("2027-03-28"), facts);
        Assert.Equal((1d, 2d, -1d), (byAf.Counts["exits"], byAf.Counts["entries"], byAf.Counts["difference"]));
        Assert.Equal((1d, EvaluationResult.Missed), (byAf.Value!.Value, byAf.Result));

        // Pakistan receives: its own record, the entries, is the value. The third truck entered after the day was over for both: not read.
        var byPk = CommitmentMetrics.Evaluate(Side.PK, Metric(MetricKind.TrucksThrough, 2, Direction.AfToPk), Day("2027-03-28"), facts);
        Assert.Equal((2d, EvaluationResult.Met), (byPk.Value!.Value, byPk.Result));
        Assert.Equal(At("2027-03-28T21:00:00Z"), byPk.Cutoff);
    }

    // ---------------------------------------------------------------- notices

    [Fact]
    public void Notice_warning_is_the_share_of_planned_notices_given_the_hours_agreed_and_emergencies_are_left_out()
    {
        var notices = new[]
        {
            Notice(Side.PK, GateState.Restricted, "2027-01-14T06:00:00Z", "2027-01-12T06:00:00Z"),
            Notice(Side.PK, GateState.Open, "2027-01-13T06:00:00Z", "2027-01-12T08:00:00Z"),
            Notice(Side.PK, GateState.Closed, "2027-01-12T09:00:00Z", "2027-01-12T09:00:00Z", emergency: true),
            Notice(Side.AF, GateState.Closed, "2027-01-20T09:00:00Z", "2027-01-12T09:00:00Z"),
        };
        var evaluation = CommitmentMetrics.Evaluate(Side.PK, Metric(MetricKind.NoticeWarning, 0.9, warningHours: 24), Day("2027-01-12"), Facts(notices));

        Assert.Equal((3d, 1d, 2d, 1d, 22d), (evaluation.Counts["issued"], evaluation.Counts["emergency"], evaluation.Counts["planned"], evaluation.Counts["withWarning"], evaluation.Counts["shortestWarningHours"]));
        Assert.Equal((0.5, EvaluationResult.Missed), (evaluation.Value!.Value, evaluation.Result));

        var quiet = CommitmentMetrics.Evaluate(Side.PK, Metric(MetricKind.NoticeWarning, 0.9, warningHours: 24), Day("2027-01-13"), Facts(notices));
        Assert.Equal((null, EvaluationResult.NothingToMeasure), (quiet.Value, quiet.Result));
    }

    [Fact]
    public void A_notice_is_due_for_acknowledgement_on_the_day_its_time_runs_out_and_a_later_acknowledgement_is_late()
    {
        var notices = new[]
        {
            Notice(Side.AF, GateState.Closed, "2027-01-12T08:00:00Z", "2027-01-12T08:00:00Z", emergency: true, acknowledged: "2027-01-12T08:30:00Z"),
            Notice(Side.AF, GateState.Open, "2027-01-12T14:00:00Z", "2027-01-12T08:00:00Z", acknowledged: "2027-01-12T10:00:00Z"),
            // Due at 19:30 UTC, 00:30 on the 13th in Karachi: the next day's.
            Notice(Side.AF, GateState.Restricted, "2027-01-14T00:00:00Z", "2027-01-12T18:30:00Z"),
            // Due at 18:00 UTC (23:00 in Karachi), acknowledged only after the day was over: unacknowledged as the day stood.
            Notice(Side.AF, GateState.Restricted, "2027-01-15T00:00:00Z", "2027-01-12T17:00:00Z", acknowledged: "2027-01-13T09:00:00Z"),
        };
        var evaluation = CommitmentMetrics.Evaluate(Side.PK, Metric(MetricKind.NoticesAcknowledged, 1, withinMinutes: 60), Day("2027-01-12"), Facts(notices));

        Assert.Equal((3d, 1d, 1d, 1d, 120d), (evaluation.Counts["due"], evaluation.Counts["inTime"], evaluation.Counts["late"], evaluation.Counts["unacknowledged"], evaluation.Counts["slowestMinutes"]));
        Assert.Equal(EvaluationResult.Missed, evaluation.Result);
        Assert.Equal(1d / 3, evaluation.Value);
        Assert.Equal(At("2027-01-11T18:00:00Z"), evaluation.Records.From);
    }

    // ---------------------------------------------------------------- incidents

    [Fact]
    public void Incidents_are_due_for_an_answer_on_the_obligors_day_the_time_allowed_runs_out()
    {
        static IncidentFact Incident(string logged, params string[] answered) =>
            new(Guid.NewGuid(), Side.PK, IncidentCategory.ExchangeOfFire, At(logged), [.. answered.Select(a => new ResponseFact(Side.AF, ResponseStance.Dispute, At(a)))]);
        var incidents = new[]
        {
            // Due 20:00 UTC: 22:00 on the 12th in Bucharest. Answered in time.
            Incident("2027-01-12T08:00:00Z", "2027-01-12T15:00:00Z"),
            // Due 21:00 UTC, 23:00 in Bucharest; answered late.
            Incident("2027-01-12T09:00:00Z", "2027-01-12T21:30:00Z"),
            // Due 22:30 UTC: 00:30 on the 13th in Bucharest — not the 12th's.
            Incident("2027-01-12T10:30:00Z"),
        };
        var evaluation = CommitmentMetrics.Evaluate(Side.AF, Metric(MetricKind.IncidentsAnswered, 1, withinHours: 12), Day("2027-01-12"), Facts(incidents: incidents));

        Assert.Equal((2d, 1d, 1d, 0d), (evaluation.Counts["due"], evaluation.Counts["inTime"], evaluation.Counts["late"], evaluation.Counts["unanswered"]));
        Assert.Equal((0.5, EvaluationResult.Missed), (evaluation.Value!.Value, evaluation.Result));
    }

    // ---------------------------------------------------------------- spoilage

    [Fact]
    public void Spoilage_counts_the_seven_days_up_to_the_day_and_is_kept_under_its_ceiling()
    {
        var trucks = new[]
        {
            Truck(Direction.PkToAf, spoiled: "2027-01-06T10:00:00Z", value: 9_000m),
            Truck(Direction.PkToAf, spoiled: "2027-01-12T10:00:00Z", value: 11_000m),
            Truck(Direction.AfToPk, spoiled: "2027-01-12T11:00:00Z", value: 5_000m),
            Truck(Direction.PkToAf, spoiled: "2027-01-05T10:00:00Z"),
        };
        var metric = Metric(MetricKind.PerishablesSpoiled, 2);
        Assert.Equal(Comparison.AtMost, metric.Comparison);

        var both = CommitmentMetrics.Evaluate(Side.PK, metric, Day("2027-01-12"), Facts(trucks: trucks));
        Assert.Equal((3d, 25_000d, 7d), (both.Counts["spoiled"], both.Counts["valueUsd"], both.Counts["days"]));
        Assert.Equal(EvaluationResult.Missed, both.Result);

        var one = CommitmentMetrics.Evaluate(Side.PK, Metric(MetricKind.PerishablesSpoiled, 2, Direction.PkToAf), Day("2027-01-12"), Facts(trucks: trucks));
        Assert.Equal((2d, EvaluationResult.Met), (one.Value!.Value, one.Result));
    }

    // ---------------------------------------------------------------- status

    [Fact]
    public void A_measured_commitments_status_comes_from_its_latest_week_of_evaluations()
    {
        static (DateOnly, EvaluationResult) E(int day, EvaluationResult result) => (new DateOnly(2027, 1, day), result);
        const EvaluationResult Met = EvaluationResult.Met, Missed = EvaluationResult.Missed, Nothing = EvaluationResult.NothingToMeasure;

        Assert.Equal(CommitmentStatus.Open, CommitmentStatusRules.FromEvaluations([]));
        Assert.Equal(CommitmentStatus.Kept, CommitmentStatusRules.FromEvaluations([E(10, Met), E(11, Nothing), E(12, Met)]));
        Assert.Equal(CommitmentStatus.Missed, CommitmentStatusRules.FromEvaluations([E(10, Met), E(11, Met), E(12, Missed)]));
        // The latest day had nothing to measure: the latest measured one speaks.
        Assert.Equal(CommitmentStatus.Missed, CommitmentStatusRules.FromEvaluations([E(11, Missed), E(12, Nothing)]));
        Assert.Equal(CommitmentStatus.AtRisk, CommitmentStatusRules.FromEvaluations([E(8, Missed), E(12, Met)]));
        // A miss eight days before the latest is outside its week.
        Assert.Equal(CommitmentStatus.Kept, CommitmentStatusRules.FromEvaluations([E(4, Missed), E(12, Met)]));
        Assert.Equal(CommitmentStatus.Kept, CommitmentStatusRules.FromEvaluations([E(12, Nothing)]));

        var measured = new Commitment
        {
            Id = Guid.NewGuid(), AgreementId = Guid.NewGuid(), ObligorSide = Side.AF, Text = "Keep Torkham open.", RecordedAt = At("2027-01-01T00:00:00Z"),
            RecordedBy = "af.liaison", RecordedBySide = Side.AF, Metric = Metric(MetricKind.HoursOpen, 24),
        };
        // Reports and disputes attach, but the status follows the measurement.
        measured.Report(Side.AF, ComplianceStatus.Done, "Open round the clock.", "af.liaison", At("2027-01-12T00:00:00Z"));
        Assert.Equal(CommitmentStatus.Missed, measured.StatusAt(At("2027-01-13T00:00:00Z"), [E(12, Missed)]));
    }

    // ---------------------------------------------------------------- the rules of a metric

    [Fact]
    public void A_metric_is_refused_field_by_field_kind_target_direction_and_parameters()
    {
        var crossing = new Crossing
        {
            Id = "test", Name = "Test",
            Directions = [new CrossingDirection { CrossingId = "test", Direction = Direction.PkToAf, LanesOpen = 1, LanesMax = 1 }],
        };
        var today = Day("2027-01-12");
        static MetricDraft Draft(string? kind = "trucks-through", string? direction = "PK-AF", double? target = 250, int? warningHours = null, int? withinMinutes = null,
            string? crossing = "test", DateOnly? from = null, string? comparison = null) =>
            new(kind, crossing, direction, target, comparison, warningHours, withinMinutes, null, from);
        string[] Fields(MetricDraft draft, bool known = true)
        {
            var errors = new FieldErrors();
            Assert.Null(MetricRules.Validate(draft, known ? crossing : null, today, errors));
            return [.. errors.All.Select(e => e.Field).Distinct()];
        }

        var valid = MetricRules.Validate(Draft(), crossing, today, new FieldErrors());
        Assert.NotNull(valid);
        Assert.Equal((MetricKind.TrucksThrough, Direction.PkToAf, 250d, Comparison.AtLeast, today), (valid.Kind, valid.Direction, valid.Target, valid.Comparison, valid.MeasuredFrom));

        Assert.Equal(["metric.kind"], Fields(Draft(kind: "trucks-per-day")));
        Assert.Equal(["metric.kind"], Fields(Draft(kind: "0")));
        Assert.Equal(["metric.target"], Fields(Draft(target: 250.5)));
        Assert.Equal(["metric.target"], Fields(Draft(target: -1)));
        Assert.Equal(["metric.target"], Fields(Draft(kind: "notice-warning", direction: null, target: 90, warningHours: 24)));
        Assert.Equal(["metric.target"], Fields(Draft(kind: "hours-open", direction: null, target: 26)));
        Assert.Equal(["metric.direction"], Fields(Draft(direction: "AF-PK")));
        Assert.Equal(["metric.direction"], Fields(Draft(direction: "PK-IR")));
        Assert.Equal(["metric.direction"], Fields(Draft(direction: null)));
        Assert.Equal(["metric.direction"], Fields(Draft(kind: "notice-warning", target: 0.9, warningHours: 24)));
        Assert.Equal(["metric.warningHours"], Fields(Draft(kind: "notice-warning", direction: null, target: 0.9)));
        Assert.Equal(["metric.withinMinutes"], Fields(Draft(withinMinutes: 60)));
        Assert.Equal(["metric.crossingId"], Fields(Draft(crossing: "nowhere", direction: null, kind: "hours-open", target: 24), known: false));
        Assert.Equal(["metric.measuredFrom"], Fields(Draft(from: today.AddDays(-93))));
        Assert.Equal(["metric.comparison"], Fields(Draft(comparison: "about")));
    }
}
