using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Omnichannel.Hosting.Stores;

/// <summary>Where a deployment keeps what it stores: SQLite files (the embedded default) or MongoDB.</summary>
public enum StoreKind
{
    Sqlite = 1,
    MongoDb = 2,
}

/// <summary>
/// The deployment's choice of store, made once (<c>Journey__Store</c>), and the one way a module puts a
/// store behind its port: the adapter of that kind, created or migrated at start. The journey store and
/// the audit log follow it, so that a deployment on MongoDB never keeps its audit log in a local file.
/// </summary>
public static class StoreWiring
{
    /// <summary>The setting that chooses the kind (<c>Journey__Store</c> in the environment).</summary>
    public const string Setting = "Journey:Store";

    /// <summary>
    /// The deployment's store kind: read from the configuration at the first call and kept in the service
    /// collection, so that every module registered after asks the same choice, not its own reading of it.
    /// </summary>
    public static StoreKind StoreKind(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.FirstOrDefault(s => s.ServiceType == typeof(StoreChoice))?.ImplementationInstance is StoreChoice chosen)
        {
            return chosen.Kind;
        }

        var kind = configuration.GetValue<StoreKind?>(Setting) ?? Stores.StoreKind.Sqlite;
        services.AddSingleton(new StoreChoice(kind));
        return kind;
    }

    /// <summary>
    /// A store behind its port <typeparamref name="TPort"/>: <paramref name="sqlite"/> or <paramref name="mongo"/>
    /// by the deployment's kind, or by <paramref name="kind"/> where a module's own setting names one (MongoDB's
    /// client and database registered with it), then <paramref name="initialize"/> before the host takes traffic.
    /// </summary>
    public static IServiceCollection AddStore<TPort>(this IServiceCollection services, IConfiguration configuration,
        Func<IServiceProvider, TPort> sqlite, Func<IServiceProvider, TPort> mongo, Func<TPort, CancellationToken, Task> initialize, StoreKind? kind = null)
        where TPort : class
    {
        if ((kind ?? services.StoreKind(configuration)) == Stores.StoreKind.MongoDb)
        {
            services.AddOmnichannelMongo(configuration);
            services.AddSingleton(mongo);
        }
        else
        {
            services.AddSingleton(sqlite);
        }

        services.AddStartupInitializer(initialize);
        return services;
    }

    /// <summary>The choice as registered (see <see cref="StoreKind(IServiceCollection, IConfiguration)"/>).</summary>
    public sealed record StoreChoice(StoreKind Kind);
}
