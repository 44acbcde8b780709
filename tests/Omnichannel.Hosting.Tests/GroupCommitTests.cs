using Omnichannel.Hosting.Sqlite;
using Xunit;

namespace Omnichannel.Hosting.Tests;

/// <summary>The writer loop of the stores that many callers write at once: groups, failures, retries, closing.</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task What_waits_while_a_group_is_written_goes_into_the_next_group_whole_up_to_its_size()
    {
        var groups = new List<int[]>();
        var first = new TaskCompletionSource();
        var release = new ManualResetEventSlim();
        await using var commit = new GroupCommit<int>(3, group =>
        {
            groups.Add([.. group]);
            first.TrySetResult();
            release.Wait();
        }, (_, _) => [], TimeSpan.Zero);

        Assert.True(commit.TryEnqueue(0));
        await first.Task;
        // Queued while the first group is being written.
        foreach (var work in Enumerable.Range(1, 7))
        {
            Assert.True(commit.TryEnqueue(work));
        }

        release.Set();
        await commit.DisposeAsync();
        Assert.Equal([[0], [1, 2, 3], [4, 5, 6], [7]], groups);
    }

    [Fact]
    public async Task A_failed_group_hands_its_work_to_the_store_and_what_it_keeps_goes_first_in_the_next_group()
    {
        var attempts = new List<int[]>();
        var failures = new List<(int[] Group, string Error)>();
        var release = new ManualResetEventSlim();
        await using (var commit = new GroupCommit<int>(10, group =>
        {
            lock (attempts)
            {
                attempts.Add([.. group]);
            }

            if (group.Contains(-1))
            {
                // Holds the writer while the next group gathers.
                release.Wait();
                return;
            }

            if (attempts.Count == 2)
            {
                throw new IOException("disk full");
            }
        }, (group, error) =>
        {
            failures.Add(([.. group], error.Message));
            return group.Where(w => w % 2 == 0);
        }, TimeSpan.FromMilliseconds(10)))
        {
            commit.TryEnqueue(-1);
            await WaitUntilAsync(() => Count(attempts) == 1);
            commit.TryEnqueue(0);
            commit.TryEnqueue(1);
            commit.TryEnqueue(2);
            release.Set();
            await WaitUntilAsync(() => Count(attempts) >= 2);
            commit.TryEnqueue(3);
        }

        var failure = Assert.Single(failures);
        Assert.Equal([0, 1, 2], failure.Group);
        Assert.Equal("disk full", failure.Error);
        // The kept pieces first; the failed piece not kept is never written again.
        Assert.Equal([0, 2], attempts[2][..2]);
        Assert.Equal([0, 2, 3], attempts.Skip(2).SelectMany(a => a).Order());
    }

    private static int Count(List<int[]> attempts)
    {
        lock (attempts)
        {
            return attempts.Count;
        }
    }

    [Fact]
    public async Task Closing_writes_what_is_waiting_then_takes_nothing_more()
    {
        var written = new List<int>();
        var commit = new GroupCommit<int>(2, group => written.AddRange(group), (_, _) => [], TimeSpan.Zero);
        foreach (var work in Enumerable.Range(0, 5))
        {
            commit.TryEnqueue(work);
        }

        await commit.DisposeAsync();
        Assert.Equal([0, 1, 2, 3, 4], written);
        Assert.False(commit.TryEnqueue(5));
    }

    [Fact]
    public async Task Closing_a_loop_that_never_started_returns_at_once()
    {
        var commit = new GroupCommit<int>(1, _ => throw new InvalidOperationException("never"), (_, _) => [], TimeSpan.Zero);
        await commit.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
