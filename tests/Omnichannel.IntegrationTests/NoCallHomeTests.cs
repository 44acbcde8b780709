using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Omnichannel.IntegrationTests.Infrastructure;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>Nothing calls out but what an operator configured: MassTransit's usage telemetry is off on the built bus.</summary>
public sealed class NoCallHomeTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    [Fact]
    public void MassTransit_usage_telemetry_is_off_on_the_host_bus()
    {
        Assert.False(host.App.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
