using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Omnichannel.Metrics.Store;

/// <summary>Ready when the roll-ups answer a query.</summary>
public sealed class MetricsStoreHealthCheck(SqliteMetricsStore store, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            await store.SummarizeAsync(new MetricsQuery { From = today, To = today, AsOf = time.GetUtcNow() }, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The metrics store does not answer.", e);
        }
    }
}
