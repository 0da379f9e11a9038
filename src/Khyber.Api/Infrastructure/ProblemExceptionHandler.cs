using System.Text.RegularExpressions;
using Khyber.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Khyber.Api.Infrastructure;

/// <summary>Turns every refusal into an RFC 9457 problem; anything unexpected is a logged 500 without internals.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            // The caller went away: nobody is left to answer, and it is not a server error.
            log.LogDebug("Request {Method} {Path} cancelled by the caller", http.Request.Method, http.Request.Path);
            return true;
        }
        var refusal = Problems.Of(exception) ?? (exception is BadHttpRequestException b ? Binding(b) : null);
        var problem = refusal is null ? null : Describe(refusal);
        if (refusal?.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (problem is null)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = new ProblemDetails { Status = 500, Title = "An unexpected error occurred." };
        }
        http.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// A route, query or header value the framework could not bind ("Failed to bind parameter \"DateTimeOffset? from\" from \"garbage\".")
    /// becomes a problem naming the parameter, in the request's terms rather than the server's types.
    /// </summary>
    private static ApiProblemException Binding(BadHttpRequestException b)
    {
        var bound = BindingMessage().Match(b.Message);
        if (!bound.Success)
        {
            return new ApiProblemException(b.StatusCode, "The request is not valid.", b.Message);
        }
        var name = bound.Groups["name"].Value;
        var type = bound.Groups["type"].Value;
        var expected = type.Contains("DateTime", StringComparison.Ordinal) ? "an ISO 8601 time such as 2026-11-28T06:00:00Z"
            : type.Contains("Guid", StringComparison.Ordinal) ? "an id"
            : type.StartsWith("bool", StringComparison.OrdinalIgnoreCase) ? "true or false"
            : type.StartsWith("int", StringComparison.OrdinalIgnoreCase) || type.StartsWith("long", StringComparison.OrdinalIgnoreCase) ? "a whole number"
            : "a value of the documented form";
        var message = b.Message.StartsWith("Required", StringComparison.Ordinal) ? $"Required: {expected}." : $"Not a valid value: {expected}.";
        return new ApiProblemException(b.StatusCode, "The request is not valid.", $"{name}: {message}", [new FieldError(name, message)]);
    }

    [GeneratedRegex("parameter \"(?<type>[^\"]*) (?<name>[^\" ]+)\"")]
    private static partial Regex BindingMessage();

    private static ProblemDetails Describe(ApiProblemException p)
    {
        var details = p.Errors.Count > 0
            ? new HttpValidationProblemDetails(p.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
            : new ProblemDetails();
        details.Status = p.Status;
        details.Title = p.Title;
        details.Detail = p.Detail;
        details.Type = p.Type;
        foreach (var (name, value) in p.Extensions)
        {
            details.Extensions[name] = value;
        }
        if (p.Code is { } code)
        {
            details.Extensions["code"] = code;
        }
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
        // After the default writer: it answers whenever the Accept header allows JSON, this one on the API when it does not.
        services.AddSingleton<IProblemDetailsWriter, ApiProblemWriter>();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddTransient<IStartupFilter, NulQueryFilter>();
        // A query or route value that does not bind throws, so that the handler above names the parameter (not a bare 400).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}

/// <summary>
/// A query string with U+0000 in a name or value is refused before anything reads it: no database takes the
/// character (PostgreSQL fails on it), and no parameter needs it. Kestrel already refuses it in paths and headers.
/// </summary>
internal sealed class NulQueryFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, nextStep) =>
        {
            if (http.Request.Path.StartsWithSegments("/api") && http.Request.QueryString.HasValue
                && http.Request.Query.FirstOrDefault(q => q.Key.Contains('\0', StringComparison.Ordinal) || q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)) is { Key: not null } bad)
            {
                var name = bad.Key.Replace("\0", "", StringComparison.Ordinal);
                const string message = "Must not contain the NUL character (U+0000).";
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [name] = [message] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request is not valid.",
                    Detail = $"{name}: {message}",
                };
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
                return;
            }
            await nextStep(http);
        });
        next(app);
    };
}

/// <summary>
/// The API's problems are JSON whatever the Accept header asks for (text/html, application/xml): a client that
/// cannot take JSON still gets the reason, not an empty error.
/// </summary>
internal sealed class ApiProblemWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments("/api");

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), Json.Options, "application/problem+json", http.RequestAborted));
    }
}
