using Microsoft.Data.Sqlite;
using Omnichannel.Portal.Audit;

namespace Omnichannel.Portal.Tests;

/// <summary>The audit log contract on the embedded default's SQLite file (its folder created at start).</summary>
public sealed class SqliteAuditLogTests : AuditLogContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-audit-").FullName;

    private string Path => System.IO.Path.Combine(_folder, "nested", "audit.db");

    protected override async Task<IAuditLog> CreateAsync()
    {
        var audit = new SqliteAuditLog(Path);
        await audit.InitializeAsync(Cancel);
        return audit;
    }

    protected override Task<IAuditLog> ReopenAsync() => Task.FromResult<IAuditLog>(new SqliteAuditLog(Path));

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
