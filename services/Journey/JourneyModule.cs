using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Omnichannel.Contracts;
using Omnichannel.Hosting;
using Omnichannel.Hosting.Stores;
using Omnichannel.Domain.Classification;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Omnichannel.Journey.Erasure;
using Omnichannel.Journey.Retention;
using Omnichannel.Journey.Stitching;
using Omnichannel.Journey.Store;

namespace Omnichannel.Journey;

/// <summary>
/// The journey module: the only writer of the journey store. Register it before the bus, so that the
/// store is ready (schema created or migrated) before the first message is consumed.
/// </summary>
public static class JourneyModule
{
    /// <summary>The journey store's name in readiness and in the logs of a store outage.</summary>
    public const string StoreName = "journey store";

    public static IServiceCollection AddJourney(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddJourneyStore(configuration);
        // After the store's own start (registered first): the policy this role classifies with, for its readers.
        services.AddStartupInitializer<IServiceProvider>((sp, token) =>
            ClassificationPolicy.RecordAsync(sp.GetRequiredService<IJourneyStore>(), sp.GetRequiredService<JourneyClassifier>(), token));
        services.AddSingleton(sp => new JourneyStitcher(
            sp.GetRequiredService<IJourneyStore>(), sp.GetRequiredService<JourneyClassifier>(), sp.GetRequiredService<IOptions<JourneyOptions>>().Value.SharedAfterPeople,
            sp.GetRequiredService<IOptions<RetentionOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<JourneyOptions>>().Value.ErasureKeyBytes));
        services.AddStartupInitializer<JourneyStitcher>((stitcher, token) => stitcher.PrepareAsync(token));
        services.AddSingleton(sp => new JourneyRetention(
            sp.GetRequiredService<IJourneyStore>(), sp.GetRequiredService<JourneyClassifier>(), sp.GetRequiredService<IOptions<RetentionOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<JourneyRetention>>()));
        services.AddHostedService(sp => new DailyRun("journeys", sp.GetRequiredService<IOptions<RetentionOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
            token => sp.GetRequiredService<JourneyRetention>().RunAsync(token), sp.GetRequiredService<ILogger<JourneyRetention>>()));
        return services;
    }

    /// <summary>
    /// The journey store alone, for its writer (the journey module) and its readers (the portal): chosen by
    /// <c>Journey__Store</c>, created or migrated at start, checked by <c>/health/ready</c>. Once per process.
    /// </summary>
    public static IServiceCollection AddJourneyStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(s => s.ServiceType == typeof(IJourneyStore)))
        {
            return services;
        }

        services.AddOptions<JourneyOptions>().Bind(configuration.GetSection(JourneyOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // The stitcher classifies as it writes, the stores as they read (classifications are not stored): one setting for both.
        services.AddOptions<ClassificationOptions>().Bind(configuration.GetSection(ClassificationOptions.SectionName));
        services.AddSingleton(sp => new JourneyClassifier(ReiterationWindows.From(sp.GetRequiredService<IOptions<ClassificationOptions>>().Value)));
        services.AddStore<IJourneyStore>(configuration,
            sqlite: sp =>
            {
                var options = sp.GetRequiredService<IOptions<JourneyOptions>>().Value;
                return new ResilientJourneyStore(new SqliteJourneyStore(options.SqlitePath, sp.GetRequiredService<JourneyClassifier>(), options.CachedPeople));
            },
            mongo: sp => new ResilientJourneyStore(new Store.Mongo.MongoJourneyStore(sp.GetRequiredService<IMongoDatabase>(), sp.GetRequiredService<JourneyClassifier>(), TimeProvider.System)),
            initialize: (store, token) => store.InitializeAsync(token));
        // Its readers (the portal) get the reader port only: the same store, without its writes.
        services.AddSingleton<IJourneyReader>(sp => sp.GetRequiredService<IJourneyStore>());
        services.TryAddStoreOutages();
        services.AddHealthChecks().AddReadinessProbe("journey-store", "The journey store does not answer, or cannot be written.", async (sp, token) =>
        {
            var outage = sp.GetRequiredService<StoreOutages>().For(StoreName);
            if (!outage.IsAvailable)
            {
                throw new InvalidOperationException($"Writes wait for the store: {outage.LastError}");
            }

            await sp.GetRequiredService<IJourneyStore>().FindRecordedAsync([new InteractionKey { Source = "health", Id = "probe" }], token);
        });
        return services;
    }

    /// <summary>The journey consumers, for <see cref="BusRegistration.AddOmnichannelBus"/>.</summary>
    public static void AddJourneyConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<StitchInteractionsConsumer, StitchInteractionsConsumerDefinition>();
        bus.AddConsumer<StitchInteractionConsumer, StitchInteractionConsumerDefinition>();
        bus.AddConsumer<ApplyIdentityDecisionConsumer, ApplyIdentityDecisionConsumerDefinition>();
        bus.AddConsumer<ErasePersonConsumer, ErasePersonConsumerDefinition>();
    }
}
