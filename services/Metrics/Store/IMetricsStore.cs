using Omnichannel.Contracts;
using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Store;

/// <summary>
/// The roll-ups of DOMAIN §4, as the consumer that writes them and the API that reads them need them.
/// <see cref="SqliteMetricsStore"/> (one file, one writer) and <see cref="Mongo.MongoMetricsStore"/> (replicas share it), held to one contract.
/// </summary>
public interface IMetricsStore
{
    /// <summary>Creates or migrates the schema at start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Applies the messages, each cause once (a repeat changes nothing); returns how many were new.</summary>
    Task<int> ApplyAsync(IReadOnlyList<ContactsReclassified> messages, CancellationToken cancellationToken);

    Task<MetricsSummary> SummarizeAsync(MetricsQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<(DateOnly Day, MetricsSummary Summary)>> TimeseriesAsync(MetricsQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<MotiveReiteration>> MotivesAsync(MetricsQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<ChannelSwitch>> ChannelSwitchesAsync(MetricsQuery query, CancellationToken cancellationToken);

    /// <summary>The summary of each service with contacts in the query's period, for comparing them ("" for contacts with no service).</summary>
    Task<IReadOnlyList<ServiceMetrics>> ServicesAsync(MetricsQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The work lists' counts: acknowledgements due and announced deadlines still unmet whose instant falls
    /// after <paramref name="from"/> and before the end of <paramref name="until"/>'s hour, by service.
    /// </summary>
    Task<IReadOnlyList<ServiceDue>> DueAsync(DateTimeOffset from, DateTimeOffset until, string? service, CancellationToken cancellationToken);
}
