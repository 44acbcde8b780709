using System.Threading.Channels;

namespace Omnichannel.Hosting.Sqlite;

/// <summary>
/// Group commit, for a SQLite file that many callers write at once (the journey store, the message log): a
/// SQLite file has one writer at a time and each commit is a disk flush, so instead of a transaction per
/// caller, one writer loop takes every piece of work waiting, up to <c>maxGroup</c>, writes them all in one
/// transaction and commits once. Callers wait for their own piece to be answered, which
/// <c>commit</c> does once the transaction is on disk (only it knows what each piece became).
/// This is mechanism only: what a piece of work is, and what it means to write it, stays with the store.
/// </summary>
/// <typeparam name="TWork">A caller's piece of work, usually holding the completion its caller awaits.</typeparam>
public sealed class GroupCommit<TWork> : IAsyncDisposable
{
    private readonly Channel<TWork> _waiting = Channel.CreateUnbounded<TWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int _maxGroup;
    private readonly Action<List<TWork>> _commit;
    private readonly Func<List<TWork>, Exception, IEnumerable<TWork>> _failed;
    private readonly TimeSpan _retryDelay;
    private readonly Lock _starting = new();
    private Task? _loop;

    /// <param name="maxGroup">The most pieces one transaction takes: bounds a transaction's size and a caller's wait behind others.</param>
    /// <param name="commit">Writes a group in one transaction, commits it, then answers its callers. Runs on the loop only, one group at a time.</param>
    /// <param name="failed">
    /// The group's transaction threw (nothing of it was committed): answers the callers that must hear it and
    /// returns the pieces to try again, first in the next group, after <paramref name="retryDelay"/>.
    /// </param>
    /// <param name="retryDelay">The pause before a group that retries pieces (a full disk is not fixed at once).</param>
    public GroupCommit(int maxGroup, Action<List<TWork>> commit, Func<List<TWork>, Exception, IEnumerable<TWork>> failed, TimeSpan retryDelay)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxGroup);
        _maxGroup = maxGroup;
        _commit = commit ?? throw new ArgumentNullException(nameof(commit));
        _failed = failed ?? throw new ArgumentNullException(nameof(failed));
        _retryDelay = retryDelay;
    }

    /// <summary>Queues a piece for the next group (the loop starts at the first); false once disposed.</summary>
    public bool TryEnqueue(TWork work)
    {
        if (_loop is null)
        {
            lock (_starting)
            {
                _loop ??= Task.Run(RunAsync);
            }
        }

        return _waiting.Writer.TryWrite(work);
    }

    /// <summary>Takes no more work, writes what is waiting, then returns.</summary>
    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        Task? loop;
        lock (_starting)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop;
        }
    }

    private async Task RunAsync()
    {
        var group = new List<TWork>(_maxGroup);
        var retry = new List<TWork>();
        while (retry.Count > 0 || await _waiting.Reader.WaitToReadAsync())
        {
            group.Clear();
            group.AddRange(retry);
            retry.Clear();
            while (group.Count < _maxGroup && _waiting.Reader.TryRead(out var work))
            {
                group.Add(work);
            }

            try
            {
                _commit(group);
            }
            catch (Exception e)
            {
                // The loop outlives any one transaction: what failed is handed to the store, which answers its callers.
                retry.AddRange(_failed(group, e));
                if (retry.Count > 0)
                {
                    await Task.Delay(_retryDelay);
                }
            }
        }
    }
}
