using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;

namespace Khyber.Api.Infrastructure;

/// <summary>The wire format: camelCase, enums as kebab-case words, unknown fields refused.</summary>
public static class Json
{
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        // A misspelt field is a mistake the caller should hear about, not a silently ignored value.
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.NumberHandling = JsonNumberHandling.Strict;
        o.MaxDepth = 32;
        o.Converters.Add(new NoNulStringConverter());
        o.Converters.Add(new UtcTimeConverter());
        o.Converters.Add(new NullableUtcTimeConverter());
    }

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(o);
        return o;
    }
}

/// <summary>
/// Text with U+0000 in it is refused while reading: no database column keeps it (PostgreSQL refuses it outright),
/// and no name, reason or statement needs it. Every other character is kept exactly as sent.
/// </summary>
internal sealed class NoNulStringConverter : JsonConverter<string>
{
    public const string Message = "Text must not contain the NUL character (U+0000).";

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException();
        }
        var text = reader.GetString()!;
        return text.Contains('\0', StringComparison.Ordinal) ? throw new JsonException(Message) : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>Times go out in UTC with a Z, as the contract shows them; any offset is accepted coming in.</summary>
internal sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture));
}

internal sealed class NullableUtcTimeConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly UtcTimeConverter Inner = new();

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(DateTimeOffset), options);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            Inner.Write(writer, v, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>
/// A JSON request body read by the API itself, so that a malformed body or a value of the wrong type
/// becomes a problem naming the field instead of a bare 400.
/// </summary>
/// <remarks>
/// It declares itself to the endpoint's metadata as a JSON body of <typeparamref name="T"/>, so the OpenAPI
/// document describes the request body as if the framework had bound it.
/// </remarks>
public sealed class Body<T>(T value) : IEndpointParameterMetadataProvider
    where T : class
{
    public static void PopulateMetadata(System.Reflection.ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(T)));

    public T Value { get; } = value;

    public const long MaxBytes = 64 * 1024;

    public static async ValueTask<Body<T>?> BindAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.ContentLength is > MaxBytes)
        {
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"At most {MaxBytes} bytes.");
        }
        if (request.ContentLength == 0 && !request.Headers.ContainsKey("Transfer-Encoding"))
        {
            throw Problems.Malformed("body", "A JSON body is required.");
        }
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Send JSON.", "Content-Type must be application/json.");
        }
        var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length > MaxBytes)
        {
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"At most {MaxBytes} bytes.");
        }
        if (buffer.Length == 0)
        {
            throw Problems.Malformed("body", "A JSON body is required.");
        }
        buffer.Position = 0;
        http.Items[typeof(Body<>)] = buffer.ToArray();
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(buffer, Json.Options, http.RequestAborted)
                ?? throw Problems.Malformed("body", "A JSON object is required, not null.");
            return new Body<T>(value);
        }
        catch (JsonException e) when (e.Message == NoNulStringConverter.Message)
        {
            // Well-formed JSON, but a value the rules refuse.
            throw Problems.Invalid(FieldOf(e.Path), e.Message);
        }
        catch (JsonException e)
        {
            throw Problems.Malformed(FieldOf(e.Path), Describe(e));
        }
    }

    /// <summary>Says what is wrong without naming the server's types.</summary>
    private static string Describe(JsonException e)
    {
        var message = e.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return "Unknown field: the contract does not have it.";
        }
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "This value has the wrong type or format (times are ISO 8601, numbers are JSON numbers).";
        }
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return "The JSON is nested too deeply.";
        }
        return "The body is not well-formed JSON.";
    }

    /// <summary>"$.cargo.valueUsd" → "cargo.valueUsd"; "$" → "body".</summary>
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}
