using MassTransit;

namespace Omnichannel.Hosting.Delivery;

/// <summary>
/// The distributed way: the broker is the durable store. A publish or send returns once RabbitMQ confirmed it
/// (publisher confirms are always on); the queue depth is the broker's to bound. A publish is mandatory: RabbitMQ
/// confirms, then drops, a message no queue is bound to take (the consuming role never started on this broker,
/// its queue deleted), so such a publish fails (<c>MessageReturnedException</c>) instead of passing for durable.
/// A send names its queue, which MassTransit declares before it sends. What a consumer publishes goes through the
/// bus, not its consume context: MassTransit ties a publish made through the context to the message consumed, and a
/// publish that failed there faults the message into its error queue even once the consumer has waited out the
/// cause and published again.
/// </summary>
public sealed class BrokerPublisher(IBus bus) : IDurablePublisher
{
    public bool IsFull => false;

    public Task PublishAsync<T>(IPublishEndpoint via, IReadOnlyList<Outgoing<T>> messages, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(via);
        ArgumentNullException.ThrowIfNull(messages);
        var consumed = via as ConsumeContext;
        return Task.WhenAll(messages.Select(m => bus.Publish(m.Message, (PublishContext<T> c) =>
        {
            Stamp(c, m);
            c.Mandatory = true;
            if (consumed is not null)
            {
                // What the context would have carried over: the conversation, and the message that led to this one.
                c.ConversationId = consumed.ConversationId;
                c.InitiatorId = consumed.MessageId;
            }
        }, cancellationToken)));
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
