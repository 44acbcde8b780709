using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Omnichannel.Ingestion.Adapters;
using Omnichannel.Ingestion.Canonical;
using Omnichannel.Ingestion.Http;
using Omnichannel.Ingestion.Publishing;
using Omnichannel.Domain.Identity;

namespace Omnichannel.Ingestion;

/// <summary>The ingestion module: the channel-facing API. It publishes to the bus and never touches a store.</summary>
public static class IngestionModule
{
    public static IServiceCollection AddIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdapterOptions>().Bind(configuration.GetSection(AdapterOptions.SectionName));
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AdapterOptions>>().Value);
        services.AddSingleton<CallEventAdapter>();
        services.AddSingleton<InboundEmailAdapter>();
        services.AddSingleton<SmsAdapter>();
        services.AddSingleton<PortalBeaconAdapter>();
        services.AddOptions<IngestionOptions>().Bind(configuration.GetSection(IngestionOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<IngestionOptions>, IngestionOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IdentifierNormalizer>();
        services.AddSingleton<InteractionReader>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<InteractionPublisher>();
        return services;
    }

    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder routes)
    {
        // Channel systems authenticate with their API keys (X-Api-Key), not with a signed-in session.
        routes.MapInteractionEndpoints().AllowAnonymous();
        routes.MapChannelAdapterEndpoints().AllowAnonymous();
        return routes;
    }
}
