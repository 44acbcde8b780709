using System.Text.Json;
using RabbitMQ.Client;

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>
/// A durable queue bound to the exchange MassTransit publishes <c>InteractionRecorded</c> to, read with
/// the plain RabbitMQ client: what the broker really holds.
/// </summary>
public sealed class BusProbe : IAsyncDisposable
{
    public const string Exchange = "Omnichannel.Contracts:InteractionRecorded";
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;

    private BusProbe(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public string Queue => _queue;

    /// <param name="port">The broker's port.</param>
    /// <param name="queue">An existing probe queue to read again (after a broker restart); a new one by default.</param>
    public static async Task<BusProbe> CreateAsync(int port, string? queue = null)
    {
        var connection = await new ConnectionFactory { HostName = "127.0.0.1", Port = port }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var probe = new BusProbe(connection, channel, queue ?? $"test-probe-{Guid.NewGuid():N}");
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true);
        await channel.QueueDeclareAsync(probe._queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(probe._queue, Exchange, string.Empty);
        return probe;
    }

    /// <summary>Takes every message the queue holds now: the MassTransit envelopes.</summary>
    public async Task<List<JsonElement>> DrainAsync()
    {
        var messages = new List<JsonElement>();
        while (await _channel.BasicGetAsync(_queue, autoAck: true) is { } delivery)
        {
            messages.Add(JsonDocument.Parse(delivery.Body).RootElement.Clone());
        }

        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_channel.IsOpen)
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
