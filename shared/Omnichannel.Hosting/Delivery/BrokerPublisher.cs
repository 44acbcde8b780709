using MassTransit;

namespace Omnichannel.Hosting.Delivery;

/// <summary>
/// The distributed way: the broker is the durable store. A publish or send returns once RabbitMQ confirmed it
/// (publisher confirms are always on); the queue depth is the broker's to bound.
/// </summary>
public sealed class BrokerPublisher : IDurablePublisher
{
    public bool IsFull => false;

    public Task PublishAsync<T>(IPublishEndpoint via, IReadOnlyList<Outgoing<T>> messages, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(via);
        ArgumentNullException.ThrowIfNull(messages);
        return Task.WhenAll(messages.Select(m => via.Publish(m.Message, c => Stamp(c, m), cancellationToken)));
    }

    public async Task SendAsync<T>(ISendEndpointProvider via, string queue, IReadOnlyList<Outgoing<T>> messages, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(via);
        ArgumentNullException.ThrowIfNull(messages);
        var endpoint = await via.GetSendEndpoint(new Uri($"queue:{queue}"));
        await Task.WhenAll(messages.Select(m => endpoint.Send(m.Message, c => Stamp(c, m), cancellationToken)));
    }

    private static void Stamp<T>(SendContext context, Outgoing<T> message)
        where T : class
    {
        context.MessageId = message.MessageId;
        if (message.CorrelationId is { } correlation)
        {
            context.CorrelationId = correlation;
        }
    }
}
