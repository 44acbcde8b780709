using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Omnichannel.Hosting;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>A store's readiness probe: ready when its read answers, not ready with the reason when it throws.</summary>
public sealed class ReadinessProbeTests
{
    [Fact]
    public async Task A_probe_that_throws_makes_the_node_not_ready_with_its_reason_and_error()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddHealthChecks()
            .AddReadinessProbe("answers", "never shown", (_, _) => Task.CompletedTask)
            .AddReadinessProbe("broken", "The store does not answer.", (_, _) => throw new InvalidOperationException("disk gone"));
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains("ready"), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["answers"].Status);
        Assert.Equal("The store does not answer.", report.Entries["broken"].Description);
        Assert.Equal("disk gone", report.Entries["broken"].Exception?.Message);
    }
}
