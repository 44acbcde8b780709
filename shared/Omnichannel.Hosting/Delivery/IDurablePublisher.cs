using MassTransit;

namespace Omnichannel.Hosting.Delivery;

/// <summary>
/// Hands messages to the bus and returns only once they are durable: confirmed by the broker (RabbitMQ,
/// <see cref="BrokerPublisher"/>), or on local disk in the embedded default's <see cref="MessageLog"/>,
/// which delivers them to the in-memory bus and keeps each until its consumer finished with it. The modules
/// publish through this and never learn which of the two they have.
/// </summary>
public interface IDurablePublisher
{
    /// <summary>True while the backlog not yet consumed is past its configured bound: accept nothing more.</summary>
    bool IsFull { get; }

    /// <summary>
    /// Publishes each message (to every queue bound to its type); returns once all are durable. <c>via</c> is
    /// the publish endpoint of the caller: the bus, or the consume context it publishes from.
    /// </summary>
    Task PublishAsync<T>(IPublishEndpoint via, IReadOnlyList<Outgoing<T>> messages, CancellationToken cancellationToken)
        where T : class;

    /// <summary>Sends each message to one queue; returns once all are durable.</summary>
    Task SendAsync<T>(ISendEndpointProvider via, string queue, IReadOnlyList<Outgoing<T>> messages, CancellationToken cancellationToken)
        where T : class;
}
