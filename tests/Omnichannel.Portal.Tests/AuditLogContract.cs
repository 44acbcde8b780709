using Omnichannel.Portal.Audit;
using Xunit;

namespace Omnichannel.Portal.Tests;

/// <summary>
/// What every audit log must do, run against each adapter (SQLite always, MongoDB on the test server): an
/// entry comes back as written, latest first, filtered by person or user, limited; nothing is lost by a restart.
/// </summary>
public abstract class AuditLogContract : IAsyncLifetime
{
    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));

    /// <summary>A new, empty audit log, initialized.</summary>
    protected abstract Task<IAuditLog> CreateAsync();

    /// <summary>The same log as the last <see cref="CreateAsync"/> made, opened again (a restart).</summary>
    protected abstract Task<IAuditLog> ReopenAsync();

    protected virtual void SkipIfUnavailable()
    {
    }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Entries_come_back_latest_first_filtered_and_limited()
    {
        SkipIfUnavailable();
        var audit = await CreateAsync();
        await audit.WriteAsync(new AuditEntry(Start, "camille", "p-1", "incoming-call", "screen-pop"), Cancel);
        await audit.WriteAsync(new AuditEntry(Start.AddMinutes(1), "lea", "p-2", "callback", "page"), Cancel);
        await audit.WriteAsync(new AuditEntry(Start.AddMinutes(2), "camille", "p-2", "counter-visit", "api"), Cancel);

        var all = await audit.ReadAsync(new AuditQuery(), Cancel);
        Assert.Equal(["counter-visit", "callback", "incoming-call"], all.Select(e => e.Reason));
        Assert.Equal(new AuditEntry(Start.AddMinutes(2), "camille", "p-2", "counter-visit", "api"), all[0] with { At = all[0].At.ToOffset(TimeSpan.FromHours(1)) });
        Assert.Equal(Start.AddMinutes(2), all[0].At);
        Assert.Equal(["camille", "lea"], (await audit.ReadAsync(new AuditQuery(PersonId: "p-2"), Cancel)).Select(e => e.User));
        Assert.Equal(["p-2", "p-1"], (await audit.ReadAsync(new AuditQuery(User: "camille"), Cancel)).Select(e => e.PersonId));
        Assert.Equal(["p-2"], (await audit.ReadAsync(new AuditQuery(PersonId: "p-2", User: "lea"), Cancel)).Select(e => e.PersonId));
        Assert.Equal(["counter-visit"], (await audit.ReadAsync(new AuditQuery(Limit: 1), Cancel)).Select(e => e.Reason));
        Assert.Empty(await audit.ReadAsync(new AuditQuery(PersonId: "p-3"), Cancel));
    }

    [Fact]
    public async Task A_period_keeps_the_entries_written_from_its_start_and_before_its_end_and_pages_follow_each_other()
    {
        SkipIfUnavailable();
        var audit = await CreateAsync();
        foreach (var i in Enumerable.Range(0, 7))
        {
            await audit.WriteAsync(new AuditEntry(Start.AddDays(i), "camille", $"p-{i}", "callback", "page"), Cancel);
        }

        var period = new AuditQuery { From = Start.AddDays(1), Before = Start.AddDays(5).ToOffset(TimeSpan.FromHours(-5)) };
        Assert.Equal(["p-4", "p-3", "p-2", "p-1"], (await audit.ReadAsync(period, Cancel)).Select(e => e.PersonId));
        Assert.Equal(["p-4", "p-3"], (await audit.ReadAsync(period with { Limit = 2 }, Cancel)).Select(e => e.PersonId));
        Assert.Equal(["p-2", "p-1"], (await audit.ReadAsync(period with { Limit = 2, Skip = 2 }, Cancel)).Select(e => e.PersonId));
        Assert.Empty(await audit.ReadAsync(period with { Limit = 2, Skip = 4 }, Cancel));
        Assert.Equal(["p-6", "p-5"], (await audit.ReadAsync(new AuditQuery { From = Start.AddDays(5) }, Cancel)).Select(e => e.PersonId));
    }

    [Fact]
    public async Task Retention_removes_entries_older_than_the_cutoff_in_bounded_batches_and_keeps_younger_ones()
    {
        SkipIfUnavailable();
        var audit = await CreateAsync();
        foreach (var i in Enumerable.Range(0, 5))
        {
            await audit.WriteAsync(new AuditEntry(Start.AddDays(i), "camille", $"p-{i}", "callback", "page"), Cancel);
        }

        Assert.Equal(2, await audit.RemoveOlderThanAsync(Start.AddDays(3), 2, Cancel));
        Assert.Equal(1, await audit.RemoveOlderThanAsync(Start.AddDays(3), 2, Cancel));
        Assert.Equal(0, await audit.RemoveOlderThanAsync(Start.AddDays(3), 2, Cancel));
        Assert.Equal(["p-4", "p-3"], (await audit.ReadAsync(new AuditQuery(), Cancel)).Select(e => e.PersonId));
    }

    [Fact]
    public async Task A_restart_keeps_every_entry_and_starting_again_changes_nothing()
    {
        SkipIfUnavailable();
        var audit = await CreateAsync();
        foreach (var i in Enumerable.Range(0, 5))
        {
            await audit.WriteAsync(new AuditEntry(Start.AddSeconds(i), "camille", $"p-{i}", "callback", "page"), Cancel);
        }

        var reopened = await ReopenAsync();
        await reopened.InitializeAsync(Cancel);

        Assert.Equal(["p-4", "p-3", "p-2", "p-1", "p-0"], (await reopened.ReadAsync(new AuditQuery(), Cancel)).Select(e => e.PersonId));
    }

    [Fact]
    public async Task Entries_written_at_once_are_all_kept()
    {
        SkipIfUnavailable();
        var audit = await CreateAsync();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => audit.WriteAsync(new AuditEntry(Start.AddSeconds(i), $"user-{i % 4}", $"p-{i}", "callback", "api"), Cancel)));

        var all = await audit.ReadAsync(new AuditQuery(Limit: 100), Cancel);
        Assert.Equal(40, all.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"p-{i}").Order(), all.Select(e => e.PersonId).Order());
        Assert.Equal(10, (await audit.ReadAsync(new AuditQuery(User: "user-1", Limit: 100), Cancel)).Count);
    }
}
