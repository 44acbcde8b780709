using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Omnichannel.Hosting;

/// <summary>The stores' readiness checks (<c>/health/ready</c>): ready when a small read answers.</summary>
public static class ReadinessProbes
{
    /// <summary>A check tagged <c>ready</c>: healthy when <paramref name="probe"/> answers, unhealthy with <paramref name="failure"/> and the error otherwise.</summary>
    public static IHealthChecksBuilder AddReadinessProbe(this IHealthChecksBuilder checks, string name, string failure, Func<IServiceProvider, CancellationToken, Task> probe)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return checks.Add(new HealthCheckRegistration(name, services => new Probe(services, failure, probe), HealthStatus.Unhealthy, ["ready"]));
    }

    private sealed class Probe(IServiceProvider services, string failure, Func<IServiceProvider, CancellationToken, Task> probe) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await probe(services, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(failure, e);
            }
        }
    }
}
