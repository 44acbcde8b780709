using Microsoft.Data.Sqlite;
using Omnichannel.Journey.Store;
using Omnichannel.Portal.Audit;

namespace Omnichannel.Portal.Tests;

/// <summary>The export property on SQLite, the embedded default.</summary>
public sealed class SqlitePersonExportTests : PersonExportContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-export-").FullName;

    protected override async Task<(IJourneyStore Store, IAuditLog Audit)> CreateAsync()
    {
        var folder = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        var store = new SqliteJourneyStore(Path.Combine(folder, "journeys.db"), Classifier);
        await store.InitializeAsync(Cancel);
        var audit = new SqliteAuditLog(Path.Combine(folder, "audit.db"));
        await audit.InitializeAsync(Cancel);
        return (store, audit);
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
