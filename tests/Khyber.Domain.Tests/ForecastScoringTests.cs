using Khyber.Domain.Forecasts;

namespace Khyber.Domain.Tests;

/// <summary>A stored forecast scored against a known stranded series.</summary>
public sealed class ForecastScoringTests
{
    private static readonly DateTimeOffset Made = new(2026, 11, 1, 6, 0, 0, TimeSpan.Zero);

    // 10 stranded before a 24-hour closure from 06:00, 10 more an hour while it stands (250 at the reopening), then 20
    // fewer an hour: back to 10 twelve hours after the reopening.
    private static List<(DateTimeOffset At, int Trucks)> Series() =>
    [
        .. Enumerable.Range(0, 24).Select(h => (Made.AddHours(h), 10 + (10 * h))),
        .. Enumerable.Range(0, 20).Select(h => (Made.AddHours(24 + h), Math.Max(10, 250 - (20 * h)))),
    ];

    private static ForecastPrediction Prediction(double stranded = 230, double p10 = 200, double p90 = 260, double hoursToClear = 15, double horizon = 48) =>
        new(Made, horizon, Made, Made.AddHours(24), stranded, p10, p90, hoursToClear);

    [Fact]
    public void A_forecast_whose_period_has_passed_is_scored_on_the_stranded_count_at_reopening_and_the_hours_to_clear()
    {
        var score = ForecastScoring.Score(Prediction(), Series(), Made.AddHours(48));

        Assert.Equal(ScoreStatus.Scored, score.Status);
        Assert.Equal(250, score.ActualStranded);
        Assert.Equal(-20, score.StrandedError);
        Assert.True(score.WithinBand);
        Assert.True(score.ClearedWithinHorizon);
        Assert.Equal(12, score.ActualHoursToClear);
        Assert.Equal(3, score.HoursToClearError);
    }

    [Fact]
    public void Before_its_horizon_a_forecast_is_pending_and_without_a_closure_or_records_it_is_not_scored()
    {
        Assert.Equal(ScoreStatus.Pending, ForecastScoring.Score(Prediction(), Series(), Made.AddHours(47.9)).Status);
        Assert.Equal(ScoreStatus.NoClosure, ForecastScoring.Score(Prediction() with { ReopensAt = null }, Series(), Made.AddDays(9)).Status);
        // The last point more than two hours before the reopening does not tell the count at it.
        Assert.Equal(ScoreStatus.NoRecord, ForecastScoring.Score(Prediction(), [.. Series().Where(p => p.At < Made.AddHours(21))], Made.AddDays(9)).Status);
    }

    [Fact]
    public void A_backlog_not_back_within_the_horizon_is_not_cleared()
    {
        var score = ForecastScoring.Score(Prediction(horizon: 30), Series(), Made.AddDays(2));
        Assert.False(score.ClearedWithinHorizon);
        Assert.Null(score.ActualHoursToClear);
        Assert.Null(score.HoursToClearError);
        Assert.Equal(250, score.ActualStranded);
    }

    [Fact]
    public void The_running_accuracy_averages_the_scored_forecasts()
    {
        var now = Made.AddDays(3);
        var scores = new[]
        {
            ForecastScoring.Score(Prediction(), Series(), now),                                       // −20, in band, clear +3 h
            ForecastScoring.Score(Prediction(stranded: 300, p10: 280, p90: 320, hoursToClear: 36), Series(), now), // +50, out, +24 h
            ForecastScoring.Score(Prediction() with { ReopensAt = null }, Series(), now),             // not scored
            ForecastScore.Pending,
        };
        var summary = ForecastScoring.Summarise(scores);

        Assert.Equal(2, summary.Scored);
        Assert.Equal(35, summary.MeanAbsoluteStrandedError);
        Assert.Equal(35.0 / 250, summary.MeanAbsolutePercentError!.Value, 12);
        Assert.Equal(0.5, summary.WithinBandShare);
        Assert.Equal(2, summary.ClearanceCompared);
        Assert.Equal((3 + 24) / 2.0 / 24, summary.MeanAbsoluteDaysToClearError!.Value, 12);
    }
}
