using Khyber.Storage;

namespace Khyber.Api.Tests.Resilience;

/// <summary>
/// This process's writers of one database wait their turn in a queue of their own — SQLite's one at a time instead of in
/// SQLite's retries (which sleep 150 ms between tries and let later writers pass), PostgreSQL's a few at a time instead
/// of each holding a pooled connection while it waits for the audit chain's lock — each database its own queue.
/// </summary>
public sealed class WriterTurnsTests
{
    [Fact]
    public async Task A_writer_waits_until_the_one_before_it_passes_its_turn_on()
    {
        var file = $"Data Source=writers-{Guid.NewGuid():N}.db";
        var first = await WriterTurns.EnterAsync(file, 1, CancellationToken.None);
        var second = WriterTurns.EnterAsync(file, 1, CancellationToken.None).AsTask();

        await Task.Delay(200);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Writers_of_different_files_do_not_wait_for_each_other()
    {
        using var one = await WriterTurns.EnterAsync($"Data Source=writers-{Guid.NewGuid():N}.db", 1, CancellationToken.None);
        var other = WriterTurns.EnterAsync($"Data Source=writers-{Guid.NewGuid():N}.db", 1, CancellationToken.None).AsTask();

        (await other.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task A_writer_that_gives_up_waiting_leaves_the_queue_as_it_was()
    {
        var file = $"Data Source=writers-{Guid.NewGuid():N}.db";
        var first = await WriterTurns.EnterAsync(file, 1, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await WriterTurns.EnterAsync(file, 1, cancel.Token));

        first.Dispose();
        (await WriterTurns.EnterAsync(file, 1, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task A_database_with_several_turns_lets_that_many_writers_through_and_the_next_waits()
    {
        var database = $"Host=127.0.0.1;Database=writers-{Guid.NewGuid():N}";
        var held = new List<WriterTurns.Turn>();
        for (var i = 0; i < 3; i++)
        {
            held.Add(await WriterTurns.EnterAsync(database, 3, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        }
        var fourth = WriterTurns.EnterAsync(database, 3, CancellationToken.None).AsTask();

        await Task.Delay(200);
        Assert.False(fourth.IsCompleted);

        held[1].Dispose();
        (await fourth.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        held[0].Dispose();
        held[2].Dispose();
    }
}
