using Khyber.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Infrastructure;

/// <summary>Turns every refusal into an RFC 9457 problem; anything unexpected is a logged 500 without internals.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            // The caller went away: nobody is left to answer, and it is not a server error.
            log.LogDebug("Request {Method} {Path} cancelled by the caller", http.Request.Method, http.Request.Path);
            return true;
        }
        var problem = exception switch
        {
            ApiProblemException p => Describe(p),
            StateConflictException c => Describe(Problems.Conflict(c.Message)),
            DbUpdateConcurrencyException => Describe(Problems.Conflict("Someone else changed this at the same moment; try again.")),
            BadHttpRequestException b => Describe(new ApiProblemException(b.StatusCode, "The request is not valid.", b.Message)),
            _ => null,
        };
        if (problem is null)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = new ProblemDetails { Status = 500, Title = "An unexpected error occurred." };
        }
        http.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Describe(ApiProblemException p)
    {
        var details = p.Errors.Count > 0
            ? new HttpValidationProblemDetails(p.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
            : new ProblemDetails();
        details.Status = p.Status;
        details.Title = p.Title;
        details.Detail = p.Detail;
        return details;
    }
}

internal static class ProblemSetup
{
    public static IServiceCollection AddKhyberProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? c.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }
}
