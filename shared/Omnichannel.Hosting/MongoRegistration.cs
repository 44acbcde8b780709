using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace Omnichannel.Hosting;

/// <summary>One <see cref="IMongoClient"/> for the process (it holds the connection pools), and the database with the configured write concern.</summary>
public static class MongoRegistration
{
    public static IServiceCollection AddOmnichannelMongo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MongoDbOptions>().Bind(configuration.GetSection(MongoDbOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IMongoClient>(sp => new MongoClient(sp.GetRequiredService<IOptions<MongoDbOptions>>().Value.ConnectionString));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MongoDbOptions>>().Value;
            return sp.GetRequiredService<IMongoClient>().GetDatabase(options.Database, new MongoDatabaseSettings
            {
                WriteConcern = options.MajorityWriteConcern ? WriteConcern.WMajority : WriteConcern.W1,
                ReadConcern = options.MajorityWriteConcern ? ReadConcern.Majority : ReadConcern.Local,
            });
        });
        return services;
    }
}
