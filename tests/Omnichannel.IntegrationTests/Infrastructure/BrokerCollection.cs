using Omnichannel.IntegrationTests.Infrastructure;
using Xunit;

[assembly: AssemblyFixture(typeof(BrokerNode))]

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>The tests that share the private RabbitMQ node and one host; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrokerCollection : ICollectionFixture<IngestionHost>
{
    public const string Name = "broker";
}
