using Omnichannel.Contracts;
using Omnichannel.Domain.Metrics;

namespace Omnichannel.Journey.Store;

/// <summary>
/// A promise of the administration an interaction's classification once held open: an acknowledgement due
/// (<see cref="TimeVerdict.AcknowledgementDue"/>) or an announced deadline (<see cref="TimeVerdict.DeadlinePassed"/>),
/// by its instant, for the work lists. Written whenever a classification opens one, never rewritten: whether it is
/// still open is read from the person's journey (classifications follow from it), so that order, repeats and
/// replicas cannot leave a stale state behind. Removed with its interaction (erasure, retention).
/// </summary>
/// <param name="Interaction">The interaction whose classification holds the promise.</param>
/// <param name="Verdict">Which promise: an acknowledgement due or an announced deadline.</param>
/// <param name="Due">When it falls due.</param>
/// <param name="Service">The interaction's service ("" for none).</param>
/// <param name="PersonId">The person whose journey holds the interaction now (filled on read).</param>
public sealed record StoredPromise(InteractionKey Interaction, TimeVerdict Verdict, DateTimeOffset Due, string Service, string PersonId = "")
{
    /// <summary>The promises the classifications of a write open (each change's new classification).</summary>
    public static IEnumerable<StoredPromise> OpenedBy(JourneyWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return write.Interactions.Select(i => i.Reclassified).Concat(write.Decisions.Select(d => d.Reclassified))
            .SelectMany(r => r.Changes)
            .SelectMany(c => MetricCatalogue.OpenVerdicts(c.New)
                .Where(v => v.Verdict is TimeVerdict.AcknowledgementDue or TimeVerdict.DeadlinePassed)
                .Select(v => new StoredPromise(c.New.Key, v.Verdict, new DateTimeOffset(v.At, TimeSpan.Zero), c.New.Service ?? "")))
            .Distinct();
    }

    /// <summary>Whether <paramref name="classification"/> (the interaction's current one) still holds this promise open.</summary>
    public bool IsOpenIn(InteractionClassification classification) =>
        MetricCatalogue.OpenVerdicts(classification).Contains((Verdict, Due.UtcTicks));
}
