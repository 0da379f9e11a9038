using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Khyber.Api.Infrastructure;

/// <summary>
/// Limits on the two doors abusers push hardest: signing in (per address, and per username in
/// <see cref="SignInThrottle"/>) and registering trucks (per carrier user and per address). A refusal is
/// 429 with Retry-After, as problem details.
/// </summary>
/// <remarks>
/// Limits are per instance and in memory: they blunt floods and guessing; the account lockout, kept in the
/// database, is what stops password guessing across instances.
/// </remarks>
public static class RateLimits
{
    public const string SignInEndpoint = "IssueToken";
    public const string RegistrationEndpoint = "RegisterTruck";

    public static IServiceCollection AddKhyberRateLimits(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<SignInThrottle>();
        var window = TimeSpan.FromMinutes(1);
        int Limit(string key, int fallback) => Math.Max(1, config.GetValue($"RateLimits:{key}", fallback));
        var signInPerAddress = Limit("SignInPerAddressPerMinute", 30);
        var registrationsPerAddress = Limit("RegistrationsPerAddressPerMinute", 600);
        var registrationsPerUser = Limit("RegistrationsPerUserPerMinute", 120);

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => EndpointName(http) switch
                {
                    SignInEndpoint => RateLimitPartition.GetFixedWindowLimiter("sign-in@" + Address(http), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = signInPerAddress, Window = window, QueueLimit = 0,
                    }),
                    RegistrationEndpoint => RateLimitPartition.GetFixedWindowLimiter("register@" + Address(http), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = registrationsPerAddress, Window = window, QueueLimit = 0,
                    }),
                    _ => RateLimitPartition.GetNoLimiter("none"),
                }),
                PartitionedRateLimiter.Create<HttpContext, string>(http => EndpointName(http) == RegistrationEndpoint && http.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { } user
                    ? RateLimitPartition.GetFixedWindowLimiter("register-by:" + user, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = registrationsPerUser, Window = window, QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("none")));
            o.OnRejected = (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
                return WriteTooManyAsync(context.HttpContext, retryAfter, ct);
            };
        });
        return services;
    }

    public static async ValueTask WriteTooManyAsync(HttpContext http, TimeSpan retryAfter, CancellationToken ct)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"Slow down: try again in {seconds} s.",
            },
        });
    }

    private static string? EndpointName(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "local";
}

/// <summary>Sign-in attempts per username in a sliding minute, on the injected clock.</summary>
public sealed class SignInThrottle(IConfiguration config, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _attempts = new(StringComparer.OrdinalIgnoreCase);

    private int Limit => Math.Max(1, config.GetValue("RateLimits:SignInPerUserPerMinute", 10));

    /// <summary>Counts an attempt; returns how long to wait when the user has used up the minute's attempts.</summary>
    public TimeSpan? Attempt(string user)
    {
        var now = time.GetUtcNow();
        var attempts = _attempts.GetOrAdd(user.Trim(), _ => new Queue<DateTimeOffset>());
        lock (attempts)
        {
            while (attempts.Count > 0 && now - attempts.Peek() >= Window)
            {
                attempts.Dequeue();
            }
            if (attempts.Count >= Limit)
            {
                return attempts.Peek() + Window - now;
            }
            attempts.Enqueue(now);
            return null;
        }
    }
}
