using System.Security.Claims;
using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Forecasts;

/// <summary>The forecast route: binds the request, runs the use case and answers with a typed result.</summary>
public static class ForecastEndpoints
{
    public static IEndpointRouteBuilder MapForecasts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/forecasts", async Task<Ok<ForecastView>> (Body<ForecastRequest> body, HttpContext http, RunForecast forecast, CancellationToken ct) =>
            {
                var view = await forecast.HandleAsync(http.User.Actor(), body.Value, ct);
                http.Response.Headers["X-Forecast-Cache"] = view.Cached ? "hit" : "miss";
                return TypedResults.Ok(view);
            })
            .RequireAuthorization()
            .WithTags("Forecasts")
            .WithName(nameof(RunForecast))
            .WithSummary("Simulate a direction of a crossing (a closure, lanes, queue policy; optionally from its live queue): backlog over time, time to clear, waits, spoiled perishables — the other policy side by side, and up to four named what-if plans compared on the same random numbers; calibrated from the direction's history on request. The forecast is stored with its inputs, to be scored once its period has passed; it changes nothing else.")
            .Refuses(400, 401, 403, 422);
        app.MapGet("/api/v1/forecasts/accuracy", async Task<Ok<ForecastAccuracyView>> (string? crossingId, HttpContext http, GetForecastAccuracy get, CancellationToken ct) =>
                TypedResults.Ok(await get.HandleAsync(http.User.Actor(), crossingId, ct)))
            .RequireAuthorization()
            .WithTags("Forecasts")
            .WithName(nameof(GetForecastAccuracy))
            .WithSummary("The latest 100 forecasts made through the API (of one crossing with crossingId), each scored once its period has passed against what happened — trucks stranded at its reopening, days to clear — and their running accuracy. Scored when read; changes nothing.")
            .Refuses(400, 401, 403, 422);
        return app;
    }
}
