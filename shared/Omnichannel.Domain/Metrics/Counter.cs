using Omnichannel.Contracts;

namespace Omnichannel.Domain.Metrics;

/// <summary>
/// A daily counter the roll-ups keep per day, channel, motive and service: its column, what it means and
/// which classifications it counts. A counter is summed, never recomputed: a reclassification takes the old
/// classification's counts away and adds the new one's. Listed in <see cref="MetricCatalogue.Counters"/>.
/// </summary>
public sealed class Counter
{
    internal Counter(int index, string column, string meaning, Func<InteractionClassification, bool> counts)
    {
        Index = index;
        Column = column;
        Meaning = meaning;
        Counts = counts;
    }

    /// <summary>Its position in a row of counters (<see cref="MetricCatalogue.Counters"/> order).</summary>
    public int Index { get; }

    /// <summary>Its column in a roll-up table (and its field in a roll-up document).</summary>
    public string Column { get; }

    public string Meaning { get; }

    /// <summary>Whether a classification adds one to this counter.</summary>
    public Func<InteractionClassification, bool> Counts { get; }

    public override string ToString() => Column;
}
