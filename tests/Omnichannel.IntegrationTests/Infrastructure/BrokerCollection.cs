using Omnichannel.IntegrationTests.Infrastructure;
using Xunit;

[assembly: AssemblyFixture(typeof(BrokerNode))]

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>
/// The tests that share the private RabbitMQ node and one host; they run one after another, and apart from
/// the other tests of this process (whose hosts run beside them otherwise): the outage test stops the node,
/// and the replicas test left interactions unstored, with every queue empty of ready messages, in about
/// one full-suite run in three once many in-process hosts ran beside it (cause not found; the test names
/// every queue's ready and unacknowledged messages when it times out).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerCollection : ICollectionFixture<IngestionHost>
{
    public const string Name = "broker";
}
