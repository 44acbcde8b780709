using Omnichannel.Contracts;
using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Store;

/// <summary>
/// The roll-ups of DOMAIN §4, as the consumer that writes them and the API that reads them need them.
/// SQLite today (<see cref="SqliteMetricsStore"/>); a MongoDB store (issue 18) implements the same port.
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
}
