using Microsoft.Data.Sqlite;
using Omnichannel.Portal.Audit;
using Xunit;

namespace Omnichannel.Portal.Tests;

public sealed class SqliteAuditLogTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-audit-").FullName;
    private SqliteAuditLog _audit = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _audit = new SqliteAuditLog(Path.Combine(_folder, "nested", "audit.db"));
        await _audit.InitializeAsync(Cancel);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Entries_come_back_latest_first_filtered_and_limited()
    {
        var start = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));
        await _audit.WriteAsync(new AuditEntry(start, "camille", "p-1", "incoming-call", "screen-pop"), Cancel);
        await _audit.WriteAsync(new AuditEntry(start.AddMinutes(1), "lea", "p-2", "callback", "page"), Cancel);
        await _audit.WriteAsync(new AuditEntry(start.AddMinutes(2), "camille", "p-2", "counter-visit", "api"), Cancel);

        var all = await _audit.ReadAsync(new AuditQuery(), Cancel);
        Assert.Equal(["counter-visit", "callback", "incoming-call"], all.Select(e => e.Reason));
        Assert.Equal(start.AddMinutes(2), all[0].At);
        Assert.Equal(["camille", "lea"], (await _audit.ReadAsync(new AuditQuery(PersonId: "p-2"), Cancel)).Select(e => e.User));
        Assert.Equal(["p-2", "p-1"], (await _audit.ReadAsync(new AuditQuery(User: "camille"), Cancel)).Select(e => e.PersonId));
        Assert.Single(await _audit.ReadAsync(new AuditQuery(Limit: 1), Cancel));
    }

    [Fact]
    public async Task Starting_twice_on_one_file_keeps_what_it_holds()
    {
        await _audit.WriteAsync(new AuditEntry(DateTimeOffset.UtcNow, "camille", "p-1", "callback", "page"), Cancel);

        await _audit.InitializeAsync(Cancel);

        Assert.Single(await _audit.ReadAsync(new AuditQuery(), Cancel));
    }
}
