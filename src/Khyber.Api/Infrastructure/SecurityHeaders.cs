using System.Globalization;

namespace Khyber.Api.Infrastructure;

/// <summary>
/// The security headers of every answer — pages, API JSON, problems (404s of unknown routes, 401/403, 422, the
/// exception handler's 500s), static files, the Atom feed: <c>X-Content-Type-Options: nosniff</c>,
/// <c>Referrer-Policy: same-origin</c>, a Content-Security-Policy with <c>frame-ancestors 'none'</c> and no
/// <c>unsafe-inline</c> script, and <c>Strict-Transport-Security</c> on answers to HTTPS requests outside Development.
/// </summary>
/// <remarks>
/// The headers are written as the answer starts (<see cref="HttpResponse.OnStarting(Func{Task})"/>), not before the
/// rest of the pipeline runs: the exception handler clears the headers of a failed answer before writing its problem,
/// and a header set up front would be lost with them. A policy set further in — the pages' own CSP, the hash-based one
/// of the API reference at <c>/scalar</c> — is kept; anything else gets <see cref="StrictPolicy"/>, right for JSON,
/// XML and static files, which load nothing and are never framed.
/// <para>
/// HSTS is judged on the scheme after the forwarded headers (<see cref="ReverseProxy"/>): behind a proxy that ends TLS
/// the request arrives over http, and only a proxy the operator named can say it was https — so a client talking
/// plain http to the server directly never pins the name to HTTPS. <c>Referrer-Policy: same-origin</c> sends no
/// address to another site: a driver's tracking page carries its code in the address.
/// </para>
/// </remarks>
public static class SecurityHeaders
{
    /// <summary>The policy of an answer that is not a page: it may load nothing and be framed by no one.</summary>
    public const string StrictPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public const string ReferrerPolicy = "same-origin";

    /// <summary>One year, the value browsers' preload lists ask for; <c>Security:HstsMaxAgeDays</c> changes it (0 tells browsers to forget).</summary>
    public const int DefaultHstsMaxAgeDays = 365;

    /// <summary>Registered right after the forwarded headers are read, before the exception handler, so that it sees every answer.</summary>
    public static IApplicationBuilder UseKhyberSecurityHeaders(this WebApplication app)
    {
        var hsts = app.Environment.IsDevelopment() ? null : HstsValue(app.Configuration);
        return app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = ReferrerPolicy;
                if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                {
                    headers.ContentSecurityPolicy = StrictPolicy;
                }
                if (hsts is not null && http.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = hsts;
                }
                return Task.CompletedTask;
            });
            return next(http);
        });
    }

    /// <summary><c>max-age</c> from <c>Security:HstsMaxAgeDays</c>; <c>includeSubDomains</c> only when <c>Security:HstsIncludeSubDomains</c> is true, since other services may live under the same domain.</summary>
    public static string HstsValue(IConfiguration config)
    {
        var days = config.GetValue("Security:HstsMaxAgeDays", DefaultHstsMaxAgeDays);
        if (days < 0)
        {
            throw new InvalidOperationException("Security:HstsMaxAgeDays must be 0 or more.");
        }
        var seconds = ((long)days * 24 * 3600).ToString(CultureInfo.InvariantCulture);
        return config.GetValue("Security:HstsIncludeSubDomains", false) ? $"max-age={seconds}; includeSubDomains" : $"max-age={seconds}";
    }
}
