using MassTransit;
using Omnichannel.Hosting;

namespace Omnichannel.Portal.ScreenPop;

/// <summary>
/// Every portal process keeps its own advisors' pages, so each needs every call: one temporary queue per
/// process (deleted when it stops), not a queue shared by competing replicas. A screen-pop is only useful
/// now: no retry beyond a brief one.
/// </summary>
public sealed class ScreenPopConsumerDefinition : ConsumerDefinition<ScreenPopConsumer>
{
    public ScreenPopConsumerDefinition()
    {
        Endpoint(endpoint =>
        {
            endpoint.Name = $"portal-screen-pop-{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid():N}{BusRegistration.TemporaryQueueSuffix}";
            endpoint.Temporary = true;
        });
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ScreenPopConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500));
}
