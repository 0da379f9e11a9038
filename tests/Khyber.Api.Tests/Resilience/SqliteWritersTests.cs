using Khyber.Storage;

namespace Khyber.Api.Tests.Resilience;

/// <summary>
/// This process's writers of one SQLite file wait their turn in a queue of their own instead of in SQLite's retries
/// (which sleep 150 ms between tries and let later writers pass): one turn at a time per file, each file its own queue.
/// </summary>
public sealed class SqliteWritersTests
{
    [Fact]
    public async Task A_writer_waits_until_the_one_before_it_passes_its_turn_on()
    {
        var file = $"Data Source=writers-{Guid.NewGuid():N}.db";
        var first = await SqliteWriters.EnterAsync(file, CancellationToken.None);
        var second = SqliteWriters.EnterAsync(file, CancellationToken.None).AsTask();

        await Task.Delay(200);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Writers_of_different_files_do_not_wait_for_each_other()
    {
        using var one = await SqliteWriters.EnterAsync($"Data Source=writers-{Guid.NewGuid():N}.db", CancellationToken.None);
        var other = SqliteWriters.EnterAsync($"Data Source=writers-{Guid.NewGuid():N}.db", CancellationToken.None).AsTask();

        (await other.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task A_writer_that_gives_up_waiting_leaves_the_queue_as_it_was()
    {
        var file = $"Data Source=writers-{Guid.NewGuid():N}.db";
        var first = await SqliteWriters.EnterAsync(file, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await SqliteWriters.EnterAsync(file, cancel.Token));

        first.Dispose();
        (await SqliteWriters.EnterAsync(file, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }
}
