using MassTransit;
using Microsoft.Extensions.Options;
using Omnichannel.Journey.Stitching;

namespace Omnichannel.Journey.Erasure;

/// <summary>The queue of erasures, <c>journey-erasures</c>: rare, each alone; a lost race (the person changed) is retried from a new load.</summary>
public sealed class ErasePersonConsumerDefinition : ConsumerDefinition<ErasePersonConsumer>
{
    public const string QueueName = "journey-erasures";
    private readonly JourneyOptions _options;

    public ErasePersonConsumerDefinition(IOptions<JourneyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = QueueName;
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ErasePersonConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.UseConflictRetry(_options);
    }
}
