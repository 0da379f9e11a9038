using System.Globalization;
using System.Text.Json;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Storage.Audit;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Khyber.Api.Pages.Shared;

/// <summary>
/// Calls one of the API's own endpoints inside the page's request, as the signed-in user: the same
/// handler, the same rules, the same storage and audit entry as a client of the API gets — the pages
/// hold no rules of their own.
/// </summary>
/// <remarks>
/// The endpoint is found by its name (<c>IssueNotice</c>, <c>CallForward</c>…) and its request delegate is
/// run on a fresh <see cref="HttpContext"/> that shares the page's services, user and cancellation. A refusal
/// comes back as the <see cref="ApiProblemException"/> the endpoint threw, which the page shows beside the form.
/// </remarks>
public sealed class ApiCall(IHttpContextAccessor accessor, EndpointDataSource endpoints, LinkGenerator links)
{
    private HttpContext Page => accessor.HttpContext ?? throw new InvalidOperationException("No request.");

    public Task<T> GetAsync<T>(string endpoint, object? route = null, IReadOnlyDictionary<string, string?>? query = null) =>
        SendAsync<T>(HttpMethods.Get, endpoint, route, query, body: null);

    public Task<T> PostAsync<T>(string endpoint, object? route, object? body = null) =>
        SendAsync<T>(HttpMethods.Post, endpoint, route, query: null, body);

    /// <summary>Whether the server has this endpoint (the forecast, for instance, is optional).</summary>
    public bool Has(string endpoint) => Find(endpoint) is not null;

    private RouteEndpoint? Find(string name) =>
        endpoints.Endpoints.OfType<RouteEndpoint>()
            .FirstOrDefault(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == name);

    private async Task<T> SendAsync<T>(string method, string name, object? route, IReadOnlyDictionary<string, string?>? query, object? body)
    {
        var page = Page;
        var endpoint = Find(name) ?? throw new InvalidOperationException($"No endpoint named {name}.");
        // Route values reach the handler as text, as they would from a URL.
        var values = new RouteValueDictionary();
        foreach (var (key, value) in new RouteValueDictionary(route))
        {
            values[key] = Convert.ToString(value, CultureInfo.InvariantCulture);
        }
        var path = links.GetPathByName(name, values) ?? throw new InvalidOperationException($"No path for {name}.");

        var http = new DefaultHttpContext(FreshFeatures(page))
        {
            RequestServices = page.RequestServices,
            User = page.User,
            RequestAborted = page.RequestAborted,
        };
        var request = http.Request;
        request.Method = method;
        request.Scheme = page.Request.Scheme;
        request.Host = page.Request.Host;
        request.Path = path;
        request.RouteValues = values;
        if (query is not null)
        {
            request.QueryString = QueryString.Create(query.Where(q => q.Value is not null));
        }
        if (body is not null)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json.Options);
            request.ContentType = "application/json";
            request.ContentLength = bytes.Length;
            request.Body = new MemoryStream(bytes);
        }
        var response = new MemoryStream();
        http.Response.Body = response;
        http.SetEndpoint(endpoint);

        if (method != HttpMethods.Get)
        {
            // The audit entry names the API action, exactly as when a client calls it.
            var user = page.User;
            page.RequestServices.GetRequiredService<AuditIdentity>().Set(
                user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? "anonymous",
                user.FindFirst(TokenIssuer.SideClaim)?.Value,
                name,
                path["/api/v1/".Length..]);
        }

        try
        {
            await endpoint.RequestDelegate!(http);
        }
        catch (StateConflictException e)
        {
            throw Problems.Conflict(e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Problems.Conflict("Someone else changed this at the same moment; try again.");
        }
        if (http.Response.StatusCode >= 400)
        {
            throw new ApiProblemException(http.Response.StatusCode, "Refused.");
        }
        response.Position = 0;
        return await JsonSerializer.DeserializeAsync<T>(response, Json.Options, page.RequestAborted)
            ?? throw new InvalidOperationException($"{name} answered nothing.");
    }

    private static FeatureCollection FreshFeatures(HttpContext page)
    {
        // A fresh request and response over the page's connection-level features (none are written to).
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature());
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        if (page.Features.Get<IHttpConnectionFeature>() is { } connection)
        {
            features.Set(connection);
        }
        return features;
    }
}
