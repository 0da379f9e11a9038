using Khyber.Api.Infrastructure;
using Khyber.Storage.Audit;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Khyber.Api.Infrastructure;

/// <summary>Names who acts in each state-changing request, so that the database can audit every change in one place.</summary>
public static class AuditSetup
{
    public static IServiceCollection AddKhyberAudit(this IServiceCollection services) =>
        services.AddScoped<AuditIdentity>();

    /// <summary>
    /// For every request that may change state: the signed-in user (or "anonymous"), their side, the endpoint's
    /// name as the action, and the path as the subject.
    /// </summary>
    public static IApplicationBuilder UseKhyberAudit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var method = http.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method))
        {
            var identity = http.RequestServices.GetRequiredService<AuditIdentity>();
            var user = http.User;
            var actor = user.Identity?.IsAuthenticated == true ? user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? "unknown" : "anonymous";
            var endpoint = http.GetEndpoint();
            var action = endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? $"{method} {http.Request.Path}";
            var path = http.Request.Path.Value ?? "";
            var subject = path.StartsWith("/api/v1/", StringComparison.Ordinal) ? path["/api/v1/".Length..] : path;
            identity.Set(actor, user.FindFirst(TokenIssuer.SideClaim)?.Value, action, subject.Length > 300 ? subject[..300] : subject);
        }
        await next(http);
    });
}
