using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> support: the same key and body give the same result once.
/// </summary>
/// <remarks>
/// The answer is stored in the same transaction as the change it reports (the endpoint calls
/// <see cref="Record"/> before saving), so a change and its replayable answer exist together or not at
/// all — a retry after a crash or a lost response never creates a second truck or notice. Two
/// concurrent requests with one key collide on the record's primary key; the loser replays the winner.
/// </remarks>
public sealed class Idempotency
{
    public const string Header = "Idempotency-Key";

    internal (string Owner, string Key, string Endpoint, string Hash)? Pending { get; set; }

    /// <summary>Whether a concurrent request with the same key has already been answered (then the filter replays it).</summary>
    public async Task<bool> AnsweredAsync(KhyberDb db, CancellationToken ct)
    {
        if (Pending is not { } p)
        {
            return false;
        }
        db.ChangeTracker.Clear();
        return await db.IdempotencyRecords.AnyAsync(r => r.Owner == p.Owner && r.Key == p.Key, ct);
    }

    /// <summary>
    /// When a concurrent request with the same key has been answered meanwhile, stops this one so that the filter
    /// replays that answer instead of refusing a conflict the first request itself caused.
    /// </summary>
    public async Task ReplayIfAnsweredAsync(KhyberDb db, CancellationToken ct)
    {
        if (await AnsweredAsync(db, ct))
        {
            throw new AnsweredMeanwhileException();
        }
    }

    /// <summary>Adds the answer to the unit of work about to be saved, if the request carried a key.</summary>
    public void Record(KhyberDb db, int status, object body, string? location, DateTimeOffset now)
    {
        if (Pending is not { } p)
        {
            return;
        }
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            Owner = p.Owner,
            Key = p.Key,
            Endpoint = p.Endpoint,
            RequestHash = p.Hash,
            StatusCode = status,
            ResponseBody = JsonSerializer.Serialize(body, body.GetType(), Json.Options),
            Location = location,
            CreatedAt = now,
        });
    }
}

/// <summary>Raised when the same key was answered by a concurrent request; the filter replays that answer.</summary>
internal sealed class AnsweredMeanwhileException : Exception;

/// <summary>Endpoint filter that replays stored answers and arms <see cref="Idempotency"/> for new keys.</summary>
internal sealed class IdempotencyFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Idempotency.Header, out var values))
        {
            return await next(context);
        }
        var key = values.ToString().Trim();
        if (key.Length is 0 or > 200 || key.Any(char.IsControl))
        {
            throw Problems.BadRequest(Idempotency.Header, "An Idempotency-Key is 1–200 printable characters.");
        }
        var owner = http.User.Identity?.Name ?? "anonymous";
        var endpoint = $"{http.Request.Method} {http.Request.Path}";
        var body = http.Items[typeof(Body<>)] as byte[] ?? [];
        var hash = Convert.ToHexString(SHA256.HashData([.. Encoding.UTF8.GetBytes(endpoint + "\n"), .. body]));

        var db = http.RequestServices.GetRequiredService<KhyberDb>();
        if (await Find(db, owner, key, http.RequestAborted) is { } existing)
        {
            return Replay(existing, endpoint, hash);
        }
        var idempotency = http.RequestServices.GetRequiredService<Idempotency>();
        idempotency.Pending = (owner, key, endpoint, hash);
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is DbUpdateException or AnsweredMeanwhileException)
        {
            // A concurrent request with the same key saved first: answer as it was answered.
            db.ChangeTracker.Clear();
            if (await Find(db, owner, key, http.RequestAborted) is { } winner)
            {
                return Replay(winner, endpoint, hash);
            }
            throw;
        }
    }

    private static Task<IdempotencyRecord?> Find(KhyberDb db, string owner, string key, CancellationToken ct) =>
        db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Owner == owner && r.Key == key, ct);

    private static IResult Replay(IdempotencyRecord record, string endpoint, string hash)
    {
        if (record.Endpoint != endpoint || record.RequestHash != hash)
        {
            throw Problems.Invalid(Idempotency.Header, "This key was already used for a different request.");
        }
        return new ReplayResult(record);
    }

    private sealed class ReplayResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = record.StatusCode ?? 200;
            http.Response.Headers["Idempotent-Replayed"] = "true";
            if (record.Location is { } location)
            {
                http.Response.Headers.Location = location;
            }
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(record.ResponseBody ?? "{}", http.RequestAborted);
        }
    }
}

public static class IdempotencyExtensions
{
    /// <summary>Lets the endpoint accept an <c>Idempotency-Key</c> header.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotencyFilter>();
}
