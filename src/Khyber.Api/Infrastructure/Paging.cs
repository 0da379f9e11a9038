using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Khyber.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;

namespace Khyber.Api.Infrastructure;

/// <summary>Which page of a list to read: after which cursor (none for the first page), and at most how many items.</summary>
/// <remarks>Both are text as sent, read by <see cref="Paging"/>, so that a bad value is a problem naming the parameter.</remarks>
public sealed record PageRequest(string? After = null, int? Limit = null)
{
    public static readonly PageRequest First = new();
}

/// <summary>One page of a list, in the list's order, and the cursor of the next page (null on the last).</summary>
/// <remarks>
/// A page may hold fewer than the limit — even none — while there is a next page: a filter applied after the database
/// read (a notice's derived status, say) may drop rows. Only a missing <see cref="Next"/> says the list has ended.
/// </remarks>
public sealed record Page<T>(List<T> Items, string? Next)
{
    public Page<TView> Select<TView>(Func<T, TView> view) => new([.. Items.Select(view)], Next);
}

/// <summary>
/// Cursor paging, once for every list: a list reads its rows in a stable keyset order (a time and an id, newest or
/// oldest first), one more than the limit; if that one exists, the last row's key, as an opaque cursor, starts the next
/// page. Lists never stop silently at a cap: a client follows <c>Link: &lt;…&gt;; rel="next"</c> until it is absent.
/// </summary>
/// <remarks>
/// Keyset rather than offset paging, so that a row added while a client walks the list neither repeats nor hides
/// another. The cursor is base64url of the key as JSON: opaque to clients, checked strictly when read back.
/// </remarks>
public static class Paging
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1000;

    private static readonly JsonSerializerOptions CursorJson = new()
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The page size asked for, or the default; outside 1 to <paramref name="max"/> it is an error on <c>limit</c>.</summary>
    public static int Limit(int? limit, FieldErrors errors, int @default = DefaultLimit, int max = MaxLimit)
    {
        if (limit is null)
        {
            return @default;
        }
        return errors.Require(limit >= 1 && limit <= max, "limit", $"From 1 to {max.ToString(CultureInfo.InvariantCulture)}.") ? limit.Value : @default;
    }

    /// <summary>The page size asked for, or the default; outside 1 to <paramref name="max"/> it is refused naming <c>limit</c>.</summary>
    public static int Limit(int? limit, int @default = DefaultLimit, int max = MaxLimit)
    {
        var errors = new FieldErrors();
        var value = Limit(limit, errors, @default, max);
        Problems.ThrowIfAny(errors);
        return value;
    }

    /// <summary>The key a cursor holds, or null without one; a cursor that is not one of this list's is a 400 naming <c>after</c>.</summary>
    public static TKey? After<TKey>(string? after)
        where TKey : class
    {
        if (after is null)
        {
            return null;
        }
        try
        {
            var bytes = Base64Url.DecodeFromChars(after);
            return JsonSerializer.Deserialize<TKey>(bytes, CursorJson) ?? throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException or NotSupportedException)
        {
            throw Problems.BadRequest("after", "Not a cursor of this list: pass the value from the list's next link unchanged.");
        }
    }

    /// <summary>The cursor that starts the page after <paramref name="key"/>.</summary>
    public static string Cursor<TKey>(TKey key) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(key, CursorJson));

    /// <summary>
    /// Reads one page of an ordered query that already starts after the cursor's key: <paramref name="limit"/> rows and,
    /// when a row follows them, the cursor of the last one.
    /// </summary>
    public static async Task<Page<TRow>> ReadAsync<TRow, TKey>(IQueryable<TRow> ordered, int limit, Func<TRow, TKey> keyOf, CancellationToken ct)
    {
        var rows = await ordered.Take(limit + 1).ToListAsync(ct);
        if (rows.Count <= limit)
        {
            return new Page<TRow>(rows, null);
        }
        rows.RemoveAt(limit);
        return new Page<TRow>(rows, Cursor(keyOf(rows[^1])));
    }

    /// <summary>
    /// Every item of a list, page after page: for what must see the whole of a list that stays short (the notices still
    /// awaiting acknowledgement) or that is drawn at once (a week's chart) — never for a list that grows with time.
    /// </summary>
    public static async Task<List<T>> AllAsync<T>(Func<PageRequest, Task<Page<T>>> read, int limit = MaxLimit)
    {
        var all = new List<T>();
        PageRequest? page = new(null, limit);
        while (page is not null)
        {
            var read1 = await read(page);
            all.AddRange(read1.Items);
            page = read1.Next is { } next ? page with { After = next } : null;
        }
        return all;
    }

    /// <summary>
    /// The page's items as the answer, with the next page's address in an RFC 8288 <c>Link</c> header: this request's
    /// path and query with <c>after</c> set to the next cursor and <c>limit</c> kept.
    /// </summary>
    public static Ok<List<T>> Answer<T>(HttpContext http, Page<T> page, int? limit)
    {
        if (page.Next is { } next)
        {
            http.Response.Headers.Link = $"<{NextLink(http.Request, next, limit)}>; rel=\"next\"";
        }
        return TypedResults.Ok(page.Items);
    }

    /// <summary>The address of the next page: a path with its query, relative to the server, so it holds behind any proxy.</summary>
    public static string NextLink(HttpRequest request, string after, int? limit)
    {
        var query = new StringBuilder();
        foreach (var (name, values) in request.Query)
        {
            if (name is "after" or "limit")
            {
                continue;
            }
            foreach (var value in values)
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
            }
        }
        query.Append(query.Length == 0 ? '?' : '&').Append("after=").Append(Uri.EscapeDataString(after));
        if (limit is { } l)
        {
            query.Append("&limit=").Append(l.ToString(CultureInfo.InvariantCulture));
        }
        return $"{request.PathBase}{request.Path}{query}";
    }

    /// <summary>
    /// Marks a list route as paged: the OpenAPI document gets its <c>Link</c> header, and the handler its
    /// <c>after</c>/<c>limit</c> query parameters (bound by the route itself).
    /// </summary>
    public static RouteHandlerBuilder Paged(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["Link"] = new OpenApiHeader
                {
                    Description = "RFC 8288: <…?after=…&limit=…>; rel=\"next\" while a next page exists. Follow it until it is absent.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
            return Task.CompletedTask;
        });
}

/// <summary>The usual keyset key: a time and the row's id as tie-breaker.</summary>
public sealed record TimeKey(DateTimeOffset At, Guid Id);

/// <summary>The key of a list ordered by a day, then a time, then the id (meetings by the day held, agreements by the day concluded).</summary>
public sealed record DayKey(DateOnly Day, DateTimeOffset At, Guid Id);
