using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Omnichannel.Hosting;

/// <summary>
/// Readiness on RabbitMQ: one idle connection of its own to the broker the bus uses, kept open (and opened
/// again after an outage). MassTransit's bus reports healthy through an outage on a process that only
/// publishes, so the process asks the broker itself: not ready while the broker cannot be reached.
/// </summary>
public sealed class BrokerConnectionProbe(IOptions<RabbitMqOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    /// <exception cref="InvalidOperationException">The broker cannot be reached now.</exception>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true })
            {
                return;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            var settings = options.Value;
            var factory = new ConnectionFactory
            {
                HostName = settings.Host,
                Port = settings.Port,
                VirtualHost = settings.VirtualHost,
                UserName = settings.Username,
                Password = settings.Password,
                RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
                AutomaticRecoveryEnabled = false,
                ClientProvidedName = "omnichannel-readiness",
            };
            try
            {
                _connection = await factory.CreateConnectionAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidOperationException($"The broker at {settings.Host}:{settings.Port} cannot be reached: {e.GetType().Name}.", e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _gate.Dispose();
    }
}
