using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Tracking;

/// <summary>The public tracking route: a registration by its code, without login.</summary>
public static class TrackingEndpoints
{
    public static IEndpointRouteBuilder MapTracking(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/track/{code}", async Task<Ok<TrackView>> (string code, HttpContext http, TrackTruck track, CancellationToken ct) =>
                TypedResults.Ok(await track.HandleAsync(code, http.CallerAddress(), ct)))
            .PublicCache()
            .WithTags("Tracking")
            .WithName(nameof(TrackTruck))
            .WithSummary("A registration by its tracking code, without login: state, place in the queue, estimated call, the direction's state and notices — no personal data.")
            .Refuses(404, 429);
        return app;
    }
}
