using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MassTransit.Middleware;
using Omnichannel.Hosting.Delivery;
using Omnichannel.Hosting.Stores;

namespace Omnichannel.Hosting;

/// <summary>
/// One bus for the process, on the transport the configuration names: MassTransit's in-memory transport
/// for the embedded default, RabbitMQ with publisher confirms for the distributed way. Modules add their
/// consumers and publish through <see cref="IDurablePublisher"/>; nothing in a module knows which transport
/// it runs on. On the in-memory transport every message goes through the <see cref="MessageLog"/> on disk,
/// so that a 202 means durable there too.
/// </summary>
public static class BusRegistration
{
    /// <summary>Ends the name of a queue that lives as long as its process (never a quorum queue).</summary>
    public const string TemporaryQueueSuffix = "-temporary";

    public static IServiceCollection AddOmnichannelBus(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<IBusRegistrationConfigurator>? consumers = null)
    {
        services.AddOptions<BusOptions>().Bind(configuration.GetSection(BusOptions.SectionName)).ValidateOnStart();
        services.AddOptions<RabbitMqOptions>().Bind(configuration.GetSection(RabbitMqOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var transport = configuration.GetSection(BusOptions.SectionName).Get<BusOptions>()?.Transport ?? BusTransport.InMemory;
        services.TryAddStoreOutages();
        if (transport == BusTransport.RabbitMq)
        {
            services.AddSingleton<IDurablePublisher, BrokerPublisher>();
            services.AddSingleton<BrokerConnectionProbe>();
            services.AddHealthChecks().AddReadinessProbe("broker", "The message broker cannot be reached.",
                (sp, token) => sp.GetRequiredService<BrokerConnectionProbe>().CheckAsync(token));
        }
        else
        {
            services.AddOptions<MessageLogOptions>().Bind(configuration.GetSection(MessageLogOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<MessageLog>();
            services.AddSingleton<IDurablePublisher>(sp => sp.GetRequiredService<MessageLog>());
            services.AddSingleton<MessageLogDelivery>();
            // Before the bus: the log is open, and counted, before anything is published or consumed.
            services.AddStartupInitializer<MessageLog>((log, token) => log.InitializeAsync(token));
            services.AddHealthChecks().AddReadinessProbe("message-log", "The message log cannot be written, or holds its whole backlog.", async (sp, token) =>
            {
                var log = sp.GetRequiredService<MessageLog>();
                await log.ProbeAsync(token);
                if (log.IsFull)
                {
                    throw new InvalidOperationException($"The backlog is full ({log.BacklogBytes} of {log.Options.MaxBacklogBytes} bytes not yet consumed): ingestion answers 503.");
                }
            });
            // The bus is started before the log delivers to it.
            services.AddOptions<MassTransitHostOptions>().Configure(host => host.WaitUntilStarted = true);
        }

        // A stop has until the host gives up on it (HostOptions.ShutdownTimeout, `shutdownTimeoutSeconds`, 30 s by
        // default); past that the host disposes the services under the consumers still running, on a connection still
        // open: they fault into the error queues, or hold their messages unacknowledged for as long as the process
        // lives. So the consumers still at work at half that time are cancelled (nothing they held is acknowledged),
        // and the bus is stopped, its channels closed, and what they held back in the queues, before the host gives up.
        services.AddOptions<MassTransitHostOptions>().Configure<IOptions<HostOptions>>((bus, host) =>
        {
            bus.ConsumerStopTimeout = host.Value.ShutdownTimeout / 2;
            bus.StopTimeout = host.Value.ShutdownTimeout * 3 / 4;
        });
        services.AddMassTransit(bus =>
        {
            // No call home: MassTransit would report usage to its vendor's host; nothing calls out here but
            // what an operator configured.
            bus.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = false);
            consumers?.Invoke(bus);
            if (transport == BusTransport.RabbitMq)
            {
                bus.AddRabbitMqConfigureEndpointsCallback((context, name, endpoint) =>
                {
                    if (!name.EndsWith(TemporaryQueueSuffix, StringComparison.Ordinal) && context.GetRequiredService<IOptions<RabbitMqOptions>>().Value.QuorumQueues)
                    {
                        endpoint.SetQuorumQueue();
                    }
                });
                bus.UsingRabbitMq((context, cfg) =>
                {
                    var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                    cfg.Host(options.Host, (ushort)options.Port, options.VirtualHost, host =>
                    {
                        host.Username(options.Username);
                        host.Password(options.Password);
                        host.PublisherConfirmation = true;
                    });
                    cfg.PrefetchCount = options.Prefetch;
                    cfg.ConfigureJsonSerializerOptions(Compact);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.ConfigureError(error =>
                {
                    error.UseFilter(new LogFaultMark(context.GetRequiredService<MessageLogDelivery>()));
                    error.UseFilter(new GenerateFaultFilter());
                    error.UseFilter(new ErrorTransportFilter());
                }));
                bus.UsingInMemory((context, cfg) =>
                {
                    cfg.ConfigureJsonSerializerOptions(Compact);
                    cfg.ConnectReceiveObserver(context.GetRequiredService<MessageLogDelivery>());
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        if (transport != BusTransport.RabbitMq)
        {
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<MessageLogDelivery>());
        }

        return services;
    }

    /// <summary>The process's store outages (one per store), for the consumers that wait them out and the readiness checks.</summary>
    public static IServiceCollection TryAddStoreOutages(this IServiceCollection services)
    {
        if (!services.Any(s => s.ServiceType == typeof(StoreOutages)))
        {
            services.AddSingleton<StoreOutages>();
        }

        return services;
    }

    /// <summary>
    /// MassTransit's JSON as it is, but not indented and without null properties (most of a classification's
    /// are null): messages half the size, to write, carry and parse (a classification change went from about
    /// 1,400 to 600 bytes). A reader takes both forms, so processes of the previous version read these
    /// messages and these processes read theirs. A copy each time: MassTransit's options are shared by every
    /// bus of the process and cannot change once used.
    /// </summary>
    public static JsonSerializerOptions Compact(JsonSerializerOptions options) =>
        new(options) { WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
