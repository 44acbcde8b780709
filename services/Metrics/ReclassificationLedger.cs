using Omnichannel.Contracts;

namespace Omnichannel.Metrics;

/// <summary>
/// The classifications as <c>ContactsReclassified</c> messages tell them, kept by adding each new
/// classification and subtracting each old one: sums commute, so the order messages arrive in does not
/// matter; a message seen before (same cause) is ignored, so a redelivery changes nothing. What remains,
/// once every message arrived, is each interaction's current classification once.
/// </summary>
public sealed class ReclassificationLedger
{
    private readonly HashSet<InteractionKey> _applied = [];
    private readonly Dictionary<InteractionClassification, int> _counts = [];

    /// <summary>The classifications counted now (a count stays negative only while a message is missing).</summary>
    public IEnumerable<InteractionClassification> Current =>
        _counts.Where(c => c.Value > 0).SelectMany(c => Enumerable.Repeat(c.Key, c.Value));

    /// <returns>False when this message (its cause) was applied before.</returns>
    public bool Apply(ContactsReclassified message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_applied.Add(message.Cause))
        {
            return false;
        }

        foreach (var change in message.Changes)
        {
            Add(change.New, 1);
            if (change.Old is not null)
            {
                Add(change.Old, -1);
            }
        }

        return true;
    }

    private void Add(InteractionClassification classification, int delta)
    {
        var count = _counts.GetValueOrDefault(classification) + delta;
        if (count == 0)
        {
            _counts.Remove(classification);
        }
        else
        {
            _counts[classification] = count;
        }
    }
}
