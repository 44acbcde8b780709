using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Omnichannel.Hosting;

/// <summary>
/// One bus for the process, on the transport the configuration names: MassTransit's in-memory transport
/// for the embedded default, RabbitMQ with publisher confirms for the distributed way. Modules add their
/// consumers; nothing in a module knows which transport it runs on.
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

        services.AddMassTransit(bus =>
        {
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
                bus.UsingInMemory((context, cfg) =>
                {
                    cfg.ConfigureJsonSerializerOptions(Compact);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
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
