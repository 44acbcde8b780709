using Omnichannel.Domain.Metrics;
using Omnichannel.Journey.Store;
using Omnichannel.Portal.Audit;

namespace Omnichannel.Portal.People;

/// <summary>
/// An advisor's work list (issue 21): a service's promises still open that fall due in the next days, soonest
/// first, each leading to the citizen's history. The store lists candidates; each person's journey says which
/// are still open (classifications follow from it). Personal data: every person on the list is audited as seen
/// (<see cref="AccessReasons.WorkList"/>) before the list is shown.
/// </summary>
public sealed class WorkList(IJourneyReader store, IAuditLog audit, TimeProvider time)
{
    /// <summary>The most candidates one list reads; more than an advisor's day, fewer than a slow page.</summary>
    public const int MaxCandidates = 500;

    public async Task<IReadOnlyList<WorkItem>> ReadAsync(string service, int days, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var now = time.GetUtcNow();
        var candidates = await store.ListPromisesAsync(service, now, now.AddDays(days), MaxCandidates, cancellationToken);
        var items = new List<WorkItem>();
        foreach (var person in candidates.GroupBy(c => c.PersonId, StringComparer.Ordinal))
        {
            if (await store.LoadJourneyAsync(person.Key, cancellationToken) is not { } journey)
            {
                continue;
            }

            var classifications = journey.Classifications.ToDictionary(c => c.Key);
            foreach (var promise in person)
            {
                if (classifications.GetValueOrDefault(promise.Interaction) is { } classification && promise.IsOpenIn(classification))
                {
                    items.Add(new WorkItem(journey.Person.Snapshot.Id, KeyView.Of(promise.Interaction), promise.Verdict == TimeVerdict.AcknowledgementDue,
                        promise.Due, classification.Channel, classification.Motive, classification.OccurredAt));
                }
            }
        }

        foreach (var personId in items.Select(i => i.PersonId).Distinct(StringComparer.Ordinal))
        {
            await audit.WriteAsync(new AuditEntry(now, user, personId, AccessReasons.WorkList, "work-list"), cancellationToken);
        }

        return [.. items.OrderBy(i => i.Due).ThenBy(i => i.PersonId, StringComparer.Ordinal)];
    }
}
