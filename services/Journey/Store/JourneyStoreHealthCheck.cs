using Microsoft.Extensions.Diagnostics.HealthChecks;
using Omnichannel.Contracts;

namespace Omnichannel.Journey.Store;

/// <summary>Ready when the journey store answers a read.</summary>
public sealed class JourneyStoreHealthCheck(IJourneyStore store) : IHealthCheck
{
    private static readonly InteractionKey Probe = new() { Source = "health", Id = "probe" };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.FindRecordedAsync([Probe], cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The journey store does not answer.", e);
        }
    }
}
