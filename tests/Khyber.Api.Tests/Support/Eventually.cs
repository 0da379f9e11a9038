using System.Collections;
using System.Diagnostics;

namespace Khyber.Api.Tests.Support;

/// <summary>
/// Waits for what the system does in the background by probing the observable condition until it holds, and fails
/// with what was awaited and what was last seen once a generous bound has passed: never a fixed sleep.
/// </summary>
public static class Eventually
{
    /// <summary>How long between probes unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Probes until <paramref name="done"/> holds for what <paramref name="probe"/> returns, and returns that.</summary>
    /// <param name="what">What is awaited, for the failure message: "the notice to reach the webhook".</param>
    /// <param name="interval">Real time between probes; a probe that moves a fake clock sets how fast it moves.</param>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var seen = await probe();
            if (done(seen))
            {
                return seen;
            }
            if (waited.Elapsed >= timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {what}; it did not happen. Last seen: {Describe(seen)}");
            }
            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    /// <summary>Probes <paramref name="condition"/> until it holds.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), holds => holds, timeout, what, interval);

    private static string Describe(object? seen)
    {
        var text = seen switch
        {
            null => "null",
            string s => s,
            IEnumerable items => $"[{string.Join(", ", items.Cast<object?>().Take(20))}]",
            _ => seen.ToString() ?? "",
        };
        return text.Length > 500 ? text[..500] + "…" : text;
    }
}
