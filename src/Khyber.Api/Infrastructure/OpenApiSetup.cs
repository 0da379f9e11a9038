using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Khyber.Api.Infrastructure;

/// <summary>
/// The OpenAPI document a client generator can use: every operation states its request body (see
/// <see cref="Body{T}"/>), its typed success answer and the problems it may answer.
/// </summary>
public static partial class OpenApiSetup
{
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddKhyberOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The accessToken of POST /api/v1/auth/token.",
            };
            document.Info = new OpenApiInfo
            {
                Title = "Khyber API",
                Version = "v1",
                Description = "Bilateral border-crossing coordination: gate notices and their acknowledgement, the virtual truck queue "
                    + "with its green lane, stranded trucks, incidents, commitments, forecasts, a hash-chained audit log and events. "
                    + "The guide for client developers is docs/api.md in the repository.",
            };
            // The document is the same whichever host serves it, so that the committed copy can be compared with it.
            document.Servers = [];
            return Task.CompletedTask;
        })
        .AddSchemaTransformer((schema, context, _) =>
        {
            // Text and times are read and written by the API's own converters (no NUL in text; times in UTC with a Z),
            // which the schema generator cannot see into: say what they are on the wire.
            var type = context.JsonTypeInfo.Type;
            var nullable = Nullable.GetUnderlyingType(type) is not null || context.JsonPropertyInfo is { IsGetNullable: true };
            if (type == typeof(string) || type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?))
            {
                schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
                if (type != typeof(string))
                {
                    schema.Format = "date-time";
                }
            }
            else if (schema.Items is null && type != typeof(string) && ElementOf(type) == typeof(string))
            {
                schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
            }
            // A request's fields are all nullable in C#, so that a missing one is refused by the rules with a problem naming
            // it rather than by the JSON reader; the fields a request needs are marked [Required] and listed as such.
            if (type.Name.EndsWith("Request", StringComparison.Ordinal) && context.JsonTypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object)
            {
                schema.Required = context.JsonTypeInfo.Properties
                    .Where(p => p.AttributeProvider?.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), inherit: true) == true)
                    .Select(p => p.Name)
                    .ToHashSet();
            }
            return Task.CompletedTask;
        })
        .AddOperationTransformer((operation, context, _) =>
        {
            // Operations that need a signed-in caller say so, so a client generator sends the token.
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any())
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
            }
            return Task.CompletedTask;
        }));

    /// <summary>The readable API reference at <c>/scalar/v1</c>, served from the Scalar package itself: nothing is fetched from the internet.</summary>
    public static IEndpointRouteBuilder MapKhyberApiReference(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference(o => o
            .WithTitle("Khyber API reference")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .HideDeveloperTools()
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .DisableDefaultFonts());
        return app;
    }

    /// <summary>
    /// The reference page's own Content-Security-Policy: its one inline script (Scalar's start-up call) is allowed by its
    /// hash, so no inline script of any other origin can run; its components set inline styles, which are allowed here
    /// only. Everything else comes from this server, as on every page.
    /// </summary>
    public static IApplicationBuilder UseKhyberApiReferencePolicy(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/scalar") && !Path.HasExtension(http.Request.Path.Value), reference => reference.Use(async (http, next) =>
        {
            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await next(http);
                var html = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
                var hashes = InlineScript().Matches(html)
                    .Select(m => $"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'");
                http.Response.Headers.ContentSecurityPolicy =
                    $"default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' {string.Join(' ', hashes)}; "
                    + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
                buffer.Position = 0;
                await buffer.CopyToAsync(original, http.RequestAborted);
            }
            finally
            {
                http.Response.Body = original;
            }
        }));

    [System.Text.RegularExpressions.GeneratedRegex("<script[^>]*>([^<]+)</script>")]
    private static partial System.Text.RegularExpressions.Regex InlineScript();

    private static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>
    /// Declares that an action needs nothing but the resource its path names: a body, if sent, is an empty JSON object
    /// (<c>{}</c>) and is not read — so a client generator knows there is nothing to fill in.
    /// </summary>
    public static RouteHandlerBuilder TakesNoBody(this RouteHandlerBuilder builder) =>
        builder.Accepts<EmptyRequest>(isOptional: true, "application/json");

    /// <summary>Declares the problems (RFC 9457) the endpoint may answer with, 400 and 422 naming the fields at fault.</summary>
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            if (status is StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity)
            {
                builder.ProducesValidationProblem(status);
            }
            else
            {
                builder.ProducesProblem(status);
            }
        }
        return builder;
    }
}

/// <summary>The body of an action that needs none: nothing, or <c>{}</c>.</summary>
public sealed record EmptyRequest;
