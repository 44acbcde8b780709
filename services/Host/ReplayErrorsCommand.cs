using Omnichannel.Hosting;
using Omnichannel.Hosting.Delivery;
using RabbitMQ.Client;

namespace Omnichannel.Host;

/// <summary>
/// <c>replay-errors QUEUE</c>: moves the messages that faulted in QUEUE (its <c>QUEUE_error</c>) back to QUEUE,
/// once the cause is fixed, on the transport the configuration names: on RabbitMQ from the error queue, a
/// message at a time, each acknowledged there only once the broker confirmed it in QUEUE; on the embedded
/// default in the message log's file (a running host delivers them within seconds). Without QUEUE, on the
/// embedded default, lists the faulted messages per queue. The configuration is the host's (appsettings.json,
/// environment, then <c>--Section:Key value</c> after the queue).
/// </summary>
public static class ReplayErrorsCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var queue = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : null;
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args[(queue is null ? 1 : 2)..])
            .Build();
        var transport = configuration.GetSection(BusOptions.SectionName).Get<BusOptions>()?.Transport ?? BusTransport.InMemory;
        if (transport == BusTransport.RabbitMq)
        {
            if (queue is null)
            {
                await output.WriteLineAsync("usage: replay-errors QUEUE (e.g. journey-stitch-interaction): moves QUEUE_error back to QUEUE");
                return 2;
            }

            var moved = await MoveBackAsync(configuration.GetSection(RabbitMqOptions.SectionName).Get<RabbitMqOptions>() ?? new RabbitMqOptions(), Name(queue), cancellationToken);
            await output.WriteLineAsync($"{moved} message(s) moved from {Name(queue)}_error back to {Name(queue)}");
            return 0;
        }

        var path = (configuration.GetSection(MessageLogOptions.SectionName).Get<MessageLogOptions>() ?? new MessageLogOptions()).SqlitePath;
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"No message log at {path}.");
            return 1;
        }

        if (queue is null)
        {
            foreach (var (faultedIn, count, reason) in await MessageLog.FaultedAsync(path, cancellationToken))
            {
                await output.WriteLineAsync($"{faultedIn}: {count} faulted (latest: {reason})");
            }

            return 0;
        }

        var replayed = await MessageLog.ReplayFaultedAsync(path, Name(queue), cancellationToken);
        await output.WriteLineAsync($"{replayed} faulted message(s) of {Name(queue)} moved back to be delivered again");
        return 0;
    }

    private static string Name(string queue) => queue.EndsWith("_error", StringComparison.Ordinal) ? queue[..^"_error".Length] : queue;

    /// <summary>Each message of QUEUE_error (as many as it held at the start), published to QUEUE with its properties, less MassTransit's fault headers.</summary>
    private static async Task<int> MoveBackAsync(RabbitMqOptions options, string queue, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { HostName = options.Host, Port = options.Port, VirtualHost = options.VirtualHost, UserName = options.Username, Password = options.Password, ClientProvidedName = "omnichannel-replay-errors" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var waiting = (await channel.QueueDeclarePassiveAsync($"{queue}_error", cancellationToken)).MessageCount;
        await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        var moved = 0;
        while (moved < waiting && await channel.BasicGetAsync($"{queue}_error", autoAck: false, cancellationToken) is { } faulted)
        {
            var properties = new BasicProperties(faulted.BasicProperties);
            if (properties.Headers is { } headers)
            {
                properties.Headers = headers.Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && h.Key != "MT-Reason").ToDictionary(h => h.Key, h => h.Value);
            }

            await channel.BasicPublishAsync(exchange: "", routingKey: queue, mandatory: true, basicProperties: properties, body: faulted.Body, cancellationToken);
            await channel.BasicAckAsync(faulted.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }
}
