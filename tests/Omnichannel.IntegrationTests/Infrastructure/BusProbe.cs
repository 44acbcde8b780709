using System.Text.Json;
using RabbitMQ.Client;

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>
/// A durable queue bound to the exchange MassTransit publishes a message type to (<c>InteractionsRecorded</c>
/// by default), read with the plain RabbitMQ client: what the broker really holds.
/// </summary>
public sealed class BusProbe : IAsyncDisposable
{
    public const string Exchange = "Omnichannel.Contracts:InteractionsRecorded";
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;
    private bool _keep;

    private BusProbe(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public string Queue => _queue;

    /// <param name="port">The broker's port.</param>
    /// <param name="queue">An existing probe queue to read again (after a broker restart); a new one by default.</param>
    /// <param name="exchange">The message type's exchange.</param>
    /// <param name="virtualHost">The broker's virtual host.</param>
    public static async Task<BusProbe> CreateAsync(int port, string? queue = null, string exchange = Exchange, string virtualHost = "/")
    {
        var connection = await new ConnectionFactory { HostName = "127.0.0.1", Port = port, VirtualHost = virtualHost }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var probe = new BusProbe(connection, channel, queue ?? $"test-probe-{Guid.NewGuid():N}");
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        await channel.QueueDeclareAsync(probe._queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(probe._queue, exchange, string.Empty);
        return probe;
    }

    /// <summary>Reads an existing queue (an error queue, say) without declaring or binding anything.</summary>
    public static async Task<BusProbe> OpenAsync(int port, string queue, string virtualHost = "/")
    {
        var connection = await new ConnectionFactory { HostName = "127.0.0.1", Port = port, VirtualHost = virtualHost }.CreateConnectionAsync();
        return new BusProbe(connection, await connection.CreateChannelAsync(), queue) { _keep = true };
    }

    /// <summary>Messages ready in the queue now.</summary>
    public async Task<uint> CountAsync() => await _channel.MessageCountAsync(_queue);

    /// <summary>Takes every message the queue holds now: the MassTransit envelopes.</summary>
    public async Task<List<JsonElement>> DrainAsync() => [.. (await DrainWithHeadersAsync()).Select(m => m.Envelope)];

    /// <summary>Takes every message the queue holds now, with the transport headers (an error queue's fault reason).</summary>
    public async Task<List<(JsonElement Envelope, IDictionary<string, object?> Headers)>> DrainWithHeadersAsync()
    {
        var messages = new List<(JsonElement, IDictionary<string, object?>)>();
        while (await _channel.BasicGetAsync(_queue, autoAck: true) is { } delivery)
        {
            messages.Add((JsonDocument.Parse(delivery.Body).RootElement.Clone(), delivery.BasicProperties.Headers ?? new Dictionary<string, object?>()));
        }

        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_channel.IsOpen && !_keep)
            {
                await _channel.QueueDeleteAsync(_queue);
            }

            await _channel.DisposeAsync();
            await _connection.DisposeAsync();
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.AlreadyClosedException or IOException or ObjectDisposedException)
        {
            // The broker went away under the probe (the outage test stops it on purpose).
        }
    }
}
