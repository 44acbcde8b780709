using Omnichannel.Contracts;
using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Store;

/// <summary>
/// The finest cell a classification adds to (or, with sign -1, takes away from): the day of the interaction
/// it is about, its channel, motive and service. What it adds is <see cref="MetricCatalogue"/>'s.
/// </summary>
internal readonly record struct Contribution(long Day, int Channel, string Motive, string Service)
{
    public static Contribution For(InteractionClassification c, MetricsCalculator calendar) =>
        new(calendar.DayOf(c.OccurredAt).DayNumber, (int)c.Channel, c.Motive ?? "", c.Service ?? "");
}
