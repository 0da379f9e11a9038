using System.Collections.Concurrent;

namespace Khyber.Api.Infrastructure;

/// <summary>
/// Limits on the use cases abusers push hardest: signing in (per address and per username; changing a password counts
/// as a sign-in), registering trucks (per carrier user and per address), applying for carrier access (per address),
/// texting the service number (per number) and opening tracking pages (per address). They belong to the use case, not to a route: a sign-in through the
/// login page and one through <c>POST /api/v1/auth/token</c> draw on one budget, and so do a registration through
/// the carrier's page and one through <c>POST /api/v1/trucks</c>. A refusal is a 429 problem with Retry-After.
/// </summary>
/// <remarks>
/// Each limit is a sliding window (a minute; an hour for applications) on the injected clock. Limits are per instance and in memory: they blunt floods
/// and guessing; the account lockout, kept in the database, is what stops password guessing across instances.
/// </remarks>
public sealed class RateLimits(IConfiguration config, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly SlidingWindows _signInByAddress = new();
    private readonly SlidingWindows _signInByUser = new(StringComparer.OrdinalIgnoreCase);
    private readonly SlidingWindows _registrationByAddress = new();
    private readonly SlidingWindows _registrationByUser = new();
    private readonly SlidingWindows _applicationsByAddress = new();
    private readonly SlidingWindows _driverTexts = new();
    private readonly SlidingWindows _tracking = new();

    private int Limit(string key, int fallback) => Math.Max(1, config.GetValue($"RateLimits:{key}", fallback));

    /// <summary>Counts a sign-in attempt from <paramref name="address"/> as <paramref name="username"/>; throws a 429 when either has used up its minute.</summary>
    public void SignIn(string address, string username)
    {
        var now = time.GetUtcNow();
        Check(_signInByAddress.Attempt(address, Limit("SignInPerAddressPerMinute", 30), Window, now));
        Check(_signInByUser.Attempt(username.Trim(), Limit("SignInPerUserPerMinute", 10), Window, now));
    }

    /// <summary>Counts a truck registration by <paramref name="user"/> from <paramref name="address"/>; throws a 429 when either has used up its minute.</summary>
    public void Registration(string user, string address)
    {
        var now = time.GetUtcNow();
        Check(_registrationByAddress.Attempt(address, Limit("RegistrationsPerAddressPerMinute", 600), Window, now));
        Check(_registrationByUser.Attempt(user, Limit("RegistrationsPerUserPerMinute", 120), Window, now));
    }

    /// <summary>
    /// Counts an application for carrier access from <paramref name="address"/> (a public form, so the only limit is the
    /// address's): a few an hour, enough for a company that mistyped, too few to flood the administrators' list.
    /// </summary>
    public void CarrierApplication(string address) =>
        Check(_applicationsByAddress.Attempt(address, Limit("CarrierApplicationsPerAddressPerHour", 5), TimeSpan.FromHours(1), time.GetUtcNow()));

    /// <summary>
    /// Counts a text from a driver's number (or anyone's); throws a 429 when the number has used up its hour. Every
    /// text is answered with one, and each answer costs an SMS: a number that floods the service is not answered.
    /// </summary>
    public void DriverText(string phone) =>
        Check(_driverTexts.Attempt(phone, Limit("DriverTextsPerNumberPerHour", 10), TimeSpan.FromHours(1), time.GetUtcNow()));

    /// <summary>Counts a look at a tracking page from <paramref name="address"/>; codes are unguessable, and this keeps anyone from trying many.</summary>
    public void Tracking(string address) =>
        Check(_tracking.Attempt(address, Limit("TrackingPerAddressPerMinute", 60), Window, time.GetUtcNow()));

    private static void Check(TimeSpan? wait)
    {
        if (wait is { } retryAfter)
        {
            throw Problems.TooMany(retryAfter);
        }
    }
}

/// <summary>Attempts per key in a sliding window; keys whose window has emptied are dropped now and then.</summary>
internal sealed class SlidingWindows(IEqualityComparer<string>? comparer = null)
{
    private const int SweepEvery = 10_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _attempts = new(comparer ?? StringComparer.Ordinal);
    private int _sinceSweep;

    /// <summary>Counts an attempt; returns how long to wait when the key has used up its window (the attempt is then not counted).</summary>
    public TimeSpan? Attempt(string key, int limit, TimeSpan window, DateTimeOffset now)
    {
        if (Interlocked.Increment(ref _sinceSweep) >= SweepEvery)
        {
            Interlocked.Exchange(ref _sinceSweep, 0);
            Sweep(window, now);
        }
        var attempts = _attempts.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (attempts)
        {
            Expire(attempts, window, now);
            if (attempts.Count >= limit)
            {
                return attempts.Peek() + window - now;
            }
            attempts.Enqueue(now);
            return null;
        }
    }

    private void Sweep(TimeSpan window, DateTimeOffset now)
    {
        foreach (var (key, attempts) in _attempts)
        {
            lock (attempts)
            {
                Expire(attempts, window, now);
                if (attempts.Count == 0)
                {
                    _attempts.TryRemove(KeyValuePair.Create(key, attempts));
                }
            }
        }
    }

    private static void Expire(Queue<DateTimeOffset> attempts, TimeSpan window, DateTimeOffset now)
    {
        while (attempts.Count > 0 && now - attempts.Peek() >= window)
        {
            attempts.Dequeue();
        }
    }
}
