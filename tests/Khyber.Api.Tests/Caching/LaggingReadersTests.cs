using System.Data.Common;
using System.Diagnostics;
using System.Net;
using Khyber.Api.Infrastructure;
using Khyber.Api.Tests.Support;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Khyber.Api.Tests.Caching;

/// <summary>
/// While a crossing's status is being computed, an anonymous reader of the public status is answered at once from the
/// status kept before it — as a shared cache would answer for its max-age — instead of waiting for the computation; a
/// signed-in reader, who may have made the change, always waits for an answer that holds it.
/// </summary>
public sealed class LaggingReadersTests
{
    private const string Url = "/api/v1/crossings/torkham";

    [Fact]
    public async Task An_anonymous_reader_is_answered_from_the_kept_status_while_a_computation_is_under_way_and_a_signed_in_one_waits_for_it()
    {
        var heads = new HeldHeadReads();
        await using var app = await StartAsync(heads);
        var before = await BodyAsync(app.Anonymous(), Url);
        var list = await BodyAsync(app.Anonymous(), "/api/v1/crossings");
        var officer = await app.As("af.officer.torkham");
        await (await officer.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);

        // A signed-in reader starts the computation, which is held at its first read (the audit head) until released.
        heads.Hold();
        var signedIn = BodyAsync(officer, Url);
        await heads.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        // Meanwhile anonymous readers are answered, without the closure, while the computation is still held.
        Assert.Equal(before, await BodyAsync(app.Anonymous(), Url).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(list, await BodyAsync(app.Anonymous(), "/api/v1/crossings").WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(signedIn.IsCompleted, "the signed-in reader was answered before the computation that holds the closure");

        heads.Release();
        var after = await signedIn.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(before, after);
        // Once it is computed, everyone has the closure.
        Assert.Equal(after, await BodyAsync(app.Anonymous(), Url));
    }

    [Fact]
    public async Task When_only_the_clock_made_the_status_stale_an_anonymous_reader_is_answered_at_once_and_the_status_is_computed_behind_it()
    {
        var heads = new HeldHeadReads();
        await using var app = await StartAsync(heads);
        var counters = app.Factory.Services.GetRequiredService<WorkCounters>();
        var before = await BodyAsync(app.Anonymous(), Url);
        var computed = counters.StatusComputations;

        // Past Status:CacheSeconds (2 s), within twice it, with no change: the reader is answered from the kept status,
        // and the computation it started is held at its first read.
        app.Time.Advance(TimeSpan.FromSeconds(3));
        heads.Hold();
        Assert.Equal(before, await BodyAsync(app.Anonymous(), Url).WaitAsync(TimeSpan.FromSeconds(10)));
        await heads.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(computed, counters.StatusComputations);
        heads.Release();
        var waited = Stopwatch.StartNew();
        while (counters.StatusComputations == computed && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }
        Assert.Equal(computed + 1, counters.StatusComputations);

        // Older than twice Status:CacheSeconds: the reader waits for the computation.
        app.Time.Advance(TimeSpan.FromSeconds(5));
        await BodyAsync(app.Anonymous(), Url);
        Assert.Equal(computed + 2, counters.StatusComputations);
    }

    [Fact]
    public async Task With_no_computation_under_way_an_anonymous_reader_waits_for_every_change_committed_before_it_asked()
    {
        await using var app = await TestApp.StartAsync();
        var before = await BodyAsync(app.Anonymous(), Url);
        await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);

        var after = await BodyAsync(app.Anonymous(), Url);

        Assert.NotEqual(before, after);
        Assert.Equal(after, await BodyAsync(await app.As("pk.officer.torkham"), Url));
    }

    /// <summary>The application with <paramref name="heads"/> on its database, and no watch of the audit head: the only reads of it are the computations'.</summary>
    private static Task<TestApp> StartAsync(HeldHeadReads heads) =>
        TestApp.StartAsync(settings: new Dictionary<string, string> { ["Status:PollMilliseconds"] = "0" }, services: s =>
        {
            s.ConfigureDbContext<SqliteKhyberDb>(o => o.AddInterceptors(heads));
            s.ConfigureDbContext<PostgresKhyberDb>(o => o.AddInterceptors(heads));
        });

    private static async Task<string> BodyAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Holds the next read of the audit head — the first read of a status computation — until released.</summary>
    private sealed class HeldHeadReads : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed;

        public Task Entered => _entered.Task;

        public void Hold() => Interlocked.Exchange(ref _armed, 1);

        public void Release() => _release.TrySetResult();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("\"AuditChainHeads\"", StringComparison.Ordinal) && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _entered.TrySetResult();
                await _release.Task;
            }
            return result;
        }
    }
}
