using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Omnichannel.Domain.Metrics;
using Omnichannel.Hosting;
using Omnichannel.Hosting.Stores;
using Omnichannel.Metrics.Http;
using Omnichannel.Metrics.Store;
using Omnichannel.Metrics.Store.Mongo;

namespace Omnichannel.Metrics;

/// <summary>
/// The metrics module: keeps the roll-ups from <c>ContactsReclassified</c> and serves the managers'
/// metrics API. Register it before the bus, so that the store is ready before the first message.
/// </summary>
public static class MetricsModule
{
    /// <summary>The roll-ups' store's name in readiness and in the logs of a store outage.</summary>
    public const string StoreName = "metrics store";

    public static IServiceCollection AddMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMotiveCatalogue(configuration);
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new MetricsCalculator(TimeZoneInfo.FindSystemTimeZoneById(sp.GetRequiredService<IOptions<MetricsOptions>>().Value.TimeZone)));
        services.AddStore<IMetricsStore>(configuration,
            sqlite: sp => new SqliteMetricsStore(sp.GetRequiredService<IOptions<MetricsOptions>>().Value.SqlitePath, sp.GetRequiredService<MetricsCalculator>()),
            mongo: sp => new MongoMetricsStore(sp.GetRequiredService<IMongoDatabase>(), sp.GetRequiredService<MetricsCalculator>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<MetricsOptions>>().Value.MongoLease),
            initialize: (store, token) => store.InitializeAsync(token),
            kind: configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>()?.Store);
        services.TryAddStoreOutages();
        services.AddHealthChecks().AddReadinessProbe("metrics-store", "The metrics store does not answer, or cannot be written.", (sp, token) =>
        {
            var outage = sp.GetRequiredService<StoreOutages>().For(StoreName);
            if (!outage.IsAvailable)
            {
                throw new InvalidOperationException($"Roll-ups wait for the store: {outage.LastError}");
            }

            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            return sp.GetRequiredService<IMetricsStore>().SummarizeAsync(new MetricsQuery { From = today, To = today, AsOf = now }, token);
        });
        return services;
    }

    /// <summary>The metrics consumer, for the bus registration.</summary>
    public static void AddMetricsConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<RollUpReclassificationsConsumer, RollUpReclassificationsConsumerDefinition>();

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder routes)
    {
        routes.MapMetricsEndpoints();
        return routes;
    }
}
