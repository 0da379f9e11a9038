using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Khyber.Api.Crossings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Khyber.Api.Infrastructure;

/// <summary>
/// HTTP caching of the public answers — status, crossings, stranded, notices, the Atom feed, tracking: a strong
/// <c>ETag</c> and a <c>Last-Modified</c> on each, <c>304 Not Modified</c> to a client or cache that already holds it, and
/// <c>Cache-Control: public, max-age=…</c> (<c>Caching:PublicMaxAgeSeconds</c>, default 2) so that a shared cache in front
/// (nginx <c>proxy_cache</c>, docs/deploy.md) answers a rush of readers by itself.
/// </summary>
/// <remarks>
/// The tag is a digest of what is sent (<see cref="Validators"/>), so that every instance gives the same answer the same
/// tag; the status routes take theirs from the <see cref="StatusBoard"/>, computed once with the status, so a 304 costs
/// no queue work. <c>Last-Modified</c> is when this instance first gave that answer (a status: when it was first computed
/// so). A request carrying credentials gets <c>private, no-cache</c> instead of <c>public</c>: what a signed-in caller
/// sees is never put in a shared cache.
/// </remarks>
public sealed class PublicCaching(IConfiguration config, TimeProvider time)
{
    private const string Marked = "khyber.validators";
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);

    /// <summary>How long a shared cache may answer for the server, in seconds.</summary>
    public int MaxAgeSeconds => Math.Clamp(config.GetValue("Caching:PublicMaxAgeSeconds", 2), 0, 3600);

    /// <summary>
    /// Gives the answer the handler is about to return its validators, known without serializing it, and, when the
    /// answer was serialized once for every reader (a crossing's status), those bytes to send instead of serializing again.
    /// </summary>
    public static void Mark(HttpContext http, string etag, DateTimeOffset lastModified, byte[]? json = null) =>
        http.Items[Marked] = new Validated(etag, lastModified, json);

    private sealed record Validated(string ETag, DateTimeOffset LastModified, byte[]? Json);

    /// <summary>
    /// Writes the validators and caching headers of a public answer; true when the request's <c>If-None-Match</c> (or,
    /// without one, <c>If-Modified-Since</c>) shows the client already holds it, and the answer is then a bare 304.
    /// </summary>
    public bool NotModified(HttpContext http, string etag, DateTimeOffset? lastModified = null)
    {
        var modified = lastModified ?? FirstSeen(etag);
        var headers = http.Response.Headers;
        headers.ETag = etag;
        headers.LastModified = HeaderUtilities.FormatDate(modified);
        headers.CacheControl = Credentialed(http.Request) ? "private, no-cache" : $"public, max-age={MaxAgeSeconds.ToString(CultureInfo.InvariantCulture)}";
        var request = http.Request.GetTypedHeaders();
        if (request.IfNoneMatch.Count > 0)
        {
            return request.IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || (!t.IsWeak && t.Tag.Equals(etag, StringComparison.Ordinal)));
        }
        return request.IfModifiedSince is { } since && TruncateToSeconds(modified) <= since;
    }

    private static bool Credentialed(HttpRequest request) =>
        request.HttpContext.User.Identity?.IsAuthenticated == true || request.Headers.Authorization.Count > 0;

    /// <summary>
    /// A request without credentials: its answer goes to shared caches, and its sender cannot have changed a crossing's status
    /// (every such change is made signed in), so it may be answered from a status a change behind (<see cref="StatusBoard.GetAsync"/>).
    /// </summary>
    public static bool Anonymous(HttpRequest request) => !Credentialed(request);

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Offset);

    private DateTimeOffset FirstSeen(string etag)
    {
        if (_firstSeen.Count > MaxRemembered)
        {
            _firstSeen.Clear();
        }
        return _firstSeen.GetOrAdd(etag, _ => time.GetUtcNow());
    }

    /// <summary>
    /// The filter of a public GET route: after the handler, the answer gets its validators — those the handler
    /// <see cref="Mark">marked</see>, or a digest of its JSON or text — and becomes a 304 when the client holds it.
    /// </summary>
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        var marked = http.Items[Marked] as Validated;
        (string ETag, DateTimeOffset? LastModified)? validators = marked is not null
            ? (marked.ETag, marked.LastModified)
            : result switch
            {
                IValueHttpResult { Value: { } value } => (Validators.OfBytes(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Json.Options)), null),
                ContentHttpResult { ResponseContent: { } text } => (Validators.OfText(text), null),
                _ => null,
            };
        if (validators is not { } v || result is IStatusCodeHttpResult { StatusCode: not (null or 200) })
        {
            return result;
        }
        var caching = http.RequestServices.GetRequiredService<PublicCaching>();
        if (caching.NotModified(http, v.ETag, v.LastModified))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return marked?.Json is { } json ? TypedResults.Bytes(json, "application/json; charset=utf-8") : result;
    }
}

/// <summary>Marks a route's answers as public and cacheable (<see cref="PublicCaching"/>).</summary>
public static class PublicCachingExtensions
{
    public static RouteHandlerBuilder PublicCache(this RouteHandlerBuilder builder) => builder.AddEndpointFilter(PublicCaching.FilterAsync);
}
