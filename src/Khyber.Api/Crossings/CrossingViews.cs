using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;

namespace Khyber.Api.Crossings;

/// <summary>One side in the public status: its gate's state, and its hours on its own clock (<c>timeZone</c>) unless round the clock.</summary>
public sealed record SideView(string Country, string Authority, string TimeZone, GateState GateState, bool RoundTheClock, string? OpensAt, string? ClosesAt);

public sealed record EstimatedWait(double? General, double? Perishable);

public sealed record DirectionView(
    string Id,
    GateState State,
    DateTimeOffset? Since,
    ReasonCategory? ReasonCategory,
    string? Reason,
    DateTimeOffset? ExpectedUntil,
    int LanesOpen,
    int LanesMax,
    int Waiting,
    int Stranded,
    int PerishableWaiting,
    EstimatedWait EstimatedWaitMinutes,
    double CapacityPerHour,
    IReadOnlyList<CargoCategory> AllowedCategories,
    Guid? NoticeId);

public sealed record CrossingView(
    string Id,
    string Name,
    IReadOnlyList<SideView> Sides,
    IReadOnlyList<DirectionView> Directions,
    DateTimeOffset UpdatedAt,
    int MinimumNoticeHours,
    bool OperatingNow,
    DateTimeOffset? OpensNext);

public sealed record StrandedDirectionView(
    string Direction,
    bool Blocked,
    int Trucks,
    int PerishableTrucks,
    int SpoilingBeforeReopening,
    decimal ValueAtRiskUsd,
    decimal ValueStrandedUsd,
    DateTimeOffset? ExpectedReopening);

public sealed record StrandedView(DateTimeOffset AsOf, string CrossingId, IReadOnlyList<StrandedDirectionView> Directions);

public sealed record StrandedPointView(DateTimeOffset At, string Direction, bool Blocked, int Trucks, int PerishableTrucks, int SpoilingBeforeReopening, decimal ValueAtRiskUsd);

public static class CrossingViews
{
    public static CrossingView View(CrossingSnapshot s) => new(
        s.Crossing.Id,
        s.Crossing.Name,
        s.Crossing.Sides.OrderBy(x => x.Side).Select(x =>
        {
            var side = CrossingSettings.Side(x);
            return new SideView(side.Country, x.Authority, x.TimeZone, s.SideState(x.Side), side.RoundTheClock, side.OpensAt, side.ClosesAt);
        }).ToList(),
        Directions.All.Select(d => DirectionOf(s, d)).ToList(),
        new[] { s.Crossing.UpdatedAt }.Concat(s.Notices.Where(n => n.EffectiveFrom <= s.Now).Select(n => n.EffectiveFrom)).Max(),
        s.Crossing.MinimumNoticeHours,
        s.Crossing.IsOperating(s.Now),
        s.Crossing.IsOperating(s.Now) ? null : s.Crossing.NextOperating(s.Now));

    private static DirectionView DirectionOf(CrossingSnapshot s, Direction d)
    {
        var state = s.StateOf(d);
        var config = s.Crossing.DirectionOf(d);
        var waiting = s.WaitingIn(d).ToList();
        return new DirectionView(
            d.Id(),
            state.State,
            state.Since,
            state.Cause?.ReasonCategory,
            state.Cause?.Reason,
            state.ExpectedUntil,
            config.LanesOpen,
            config.LanesMax,
            waiting.Count,
            s.Stranded(d).Trucks,
            waiting.Count(t => t.Category == CargoCategory.Perishable),
            new EstimatedWait(s.EstimatedWaitMinutes(d, CargoCategory.General), s.EstimatedWaitMinutes(d, CargoCategory.Perishable)),
            config.CapacityPerHour,
            state.AllowedCategories,
            state.Cause?.Id);
    }

    public static StrandedView Stranded(CrossingSnapshot s) => new(
        s.Now,
        s.Crossing.Id,
        Directions.All.Select(d =>
        {
            var count = s.Stranded(d);
            return new StrandedDirectionView(d.Id(), count.Blocked, count.Trucks, count.PerishableTrucks, count.SpoilingBeforeReopening, count.ValueAtRiskUsd, count.ValueStrandedUsd, s.StateOf(d).ExpectedUntil);
        }).ToList());
}
