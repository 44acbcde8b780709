using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Omnichannel.Hosting;
using Omnichannel.Hosting.Stores;
using Omnichannel.Journey;
using Omnichannel.Domain.Identity;
using Omnichannel.Portal.Audit;
using Omnichannel.Portal.Audit.Mongo;
using Omnichannel.Portal.Http;
using Omnichannel.Portal.People;
using Omnichannel.Portal.ScreenPop;
using Omnichannel.Portal.Users;

namespace Omnichannel.Portal;

/// <summary>
/// The portal module: the advisors' and managers' pages, the advisors' query API, the live screen-pop
/// and the audit log. It reads the journey store (never writes it) and keeps the audit log in the same
/// kind of store (<c>Journey__Store</c>, chosen once: <see cref="StoreWiring"/>). Register it before the bus.
/// </summary>
public static class PortalModule
{
    public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        services.AddJourneyStore(configuration);
        // The portal classifies the journeys it reads: with the journey role's policy, or it does not start,
        // and it is not ready while they disagree (the journey role restarted with other windows).
        services.AddStartupInitializer<IServiceProvider>(ClassificationPolicy.EnsureAgreesAsync);
        services.AddHealthChecks().AddReadinessProbe("classification-policy", "This node's classification policy is not the journey role's.", ClassificationPolicy.EnsureAgreesAsync);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IdentifierNormalizer>();
        // The audit log lives where the journeys do: the deployment's one choice of store.
        services.AddStore<IAuditLog>(configuration,
            sqlite: sp => new SqliteAuditLog(sp.GetRequiredService<IOptions<PortalOptions>>().Value.AuditSqlitePath),
            mongo: sp => new MongoAuditLog(sp.GetRequiredService<IMongoDatabase>()),
            initialize: (store, token) => store.InitializeAsync(token));
        // Ready only when the audit log can be read: a history is never shown unaudited.
        services.AddHealthChecks().AddReadinessProbe("audit-log", "The audit log cannot be read.",
            (sp, token) => sp.GetRequiredService<IAuditLog>().ReadAsync(new AuditQuery(Limit: 1), token));
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<SignInThrottle>();
        SignInThrottle.AddSignInRateLimit(services);
        services.AddSingleton<PeopleReader>();
        services.AddSingleton<WorkList>();
        services.AddSingleton<ScreenPops>();
        services.AddSingleton<Identity.IdentityDecisions>();
        services.AddSingleton<Privacy.PrivacyRequests>();
        services.AddMotiveCatalogue(configuration);
        services.AddOptions<Journey.Retention.RetentionOptions>().Bind(configuration.GetSection(Journey.Retention.RetentionOptions.SectionName));
        services.AddSingleton(sp => new Privacy.AuditRetention(sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<IOptions<Journey.Retention.RetentionOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Privacy.AuditRetention>>()));
        services.AddHostedService(sp => new Journey.Retention.DailyRun("the audit log", sp.GetRequiredService<IOptions<Journey.Retention.RetentionOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
            token => sp.GetRequiredService<Privacy.AuditRetention>().RunAsync(token), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Privacy.AuditRetention>>()));
        services.AddSingleton<Pages.PortalClock>();
        services.AddRazorPages().AddApplicationPart(typeof(PortalModule).Assembly);
        return services;
    }

    /// <summary>The screen-pop consumer, for the bus registration.</summary>
    public static void AddPortalConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ScreenPopConsumer, ScreenPopConsumerDefinition>();

    /// <summary>The portal's middleware, after authorization: the sign-in page's rate limit.</summary>
    public static IApplicationBuilder UsePortal(this IApplicationBuilder app) => app.UseRateLimiter();

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder routes)
    {
        routes.MapAssetEndpoints();
        routes.MapPeopleEndpoints();
        routes.MapScreenPopEndpoints();
        routes.MapVerificationEndpoints();
        routes.MapIdentityEndpoints();
        routes.MapAuditEndpoints();
        routes.MapPrivacyEndpoints();
        routes.MapRazorPages();
        return routes;
    }
}
