using System.Globalization;
using Microsoft.Extensions.Logging;
using Omnichannel.Hosting.Telemetry;
using Omnichannel.Journey.Retention;
using Omnichannel.Portal.Audit;

namespace Omnichannel.Portal.Privacy;

/// <summary>
/// The daily retention of the audit log, on the portal role that owns it (docs/domain.md §6): entries older than
/// <see cref="RetentionOptions.AuditEntries"/> leave in bounded batches; the run itself is written to the log
/// (by <see cref="User"/>, with how many left), so that what retention did is audited too.
/// </summary>
public sealed partial class AuditRetention(IAuditLog audit, RetentionOptions options, TimeProvider time, ILogger<AuditRetention> logger)
{
    /// <summary>Who the audit log names for retention's own entries.</summary>
    public const string User = "system:retention";

    private const string Via = "retention:";

    public async Task<AuditRetentionReport> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = now - options.AuditEntries;
        var removed = 0;
        for (int batch; (batch = await audit.RemoveOlderThanAsync(cutoff, options.BatchSize, cancellationToken)) > 0;)
        {
            removed += batch;
            OmnichannelTelemetry.RetentionRemoved(batch, "audit-entries");
            LogProgress(logger, removed, cutoff);
            await Task.Delay(options.BatchPause, time, cancellationToken);
        }

        await audit.WriteAsync(new AuditEntry(time.GetUtcNow(), User, PrivacyRequests.NoPerson, AccessReasons.Retention, Via + removed.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        LogFinished(logger, removed, cutoff);
        return new AuditRetentionReport(now, cutoff, removed);
    }

    /// <summary>A retention run as its audit entry tells it.</summary>
    public static AuditRetentionReport? ReportOf(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Via.StartsWith(Via, StringComparison.Ordinal) && int.TryParse(entry.Via[Via.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var removed)
            ? new AuditRetentionReport(entry.At, null, removed)
            : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention of the audit log: {Removed} entr(ies) older than {Cutoff} removed so far")]
    private static partial void LogProgress(ILogger logger, int removed, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention of the audit log done: {Removed} entr(ies) older than {Cutoff} removed")]
    private static partial void LogFinished(ILogger logger, int removed, DateTimeOffset cutoff);
}

/// <summary>What a retention run of the audit log did.</summary>
public sealed record AuditRetentionReport(DateTimeOffset At, DateTimeOffset? Cutoff, int Removed);
