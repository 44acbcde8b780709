using Omnichannel.Testing;
using Xunit;

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>The private RabbitMQ node as an xunit assembly fixture: started once, stopped at the end.</summary>
public sealed class BrokerNode : IAsyncLifetime
{
    public RabbitMqNode Node { get; } = new();

    public int Port => Node.Port;

    public ValueTask InitializeAsync() => Node.InitializeAsync();

    public ValueTask DisposeAsync() => Node.DisposeAsync();

    public Task StopAsync() => Node.StopAsync();

    public Task StartAsync() => Node.StartAsync();

    /// <summary>Skips the calling test, with the reason, when no node could be started here.</summary>
    public void SkipIfUnavailable() => Assert.SkipWhen(Node.Unavailable is not null, Node.Unavailable ?? string.Empty);
}
