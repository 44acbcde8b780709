using Omnichannel.Contracts;

namespace Omnichannel.Journey.Classification;

/// <summary>
/// Classifies one person's journey (DOMAIN §3). Pure: the result depends only on the entries and the
/// windows, never on the order they arrived in or on the clock.
/// </summary>
public sealed class JourneyClassifier(ReiterationWindows windows)
{
    /// <summary>Engagement 5 of Services Publics+: electronic requests acknowledged within a week.</summary>
    public static readonly TimeSpan ElectronicAcknowledgementDelay = TimeSpan.FromDays(7);

    /// <summary>Engagement 5 of Services Publics+: postal requests acknowledged within two weeks.</summary>
    public static readonly TimeSpan PostalAcknowledgementDelay = TimeSpan.FromDays(14);

    public ReiterationWindows Windows { get; } = windows;

    /// <param name="entries">One person's journey, sorted by the total order of <see cref="JourneyEntry"/>.</param>
    /// <returns>Per entry, its classification, or null for an entry that has none (visit, plain notification).</returns>
    public InteractionClassification?[] Classify(IReadOnlyList<JourneyEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var result = new InteractionClassification?[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.IsContact)
            {
                result[i] = ClassifyContact(entries, i, result);
            }
            else if (entry.AnnouncedDeadline is not null)
            {
                result[i] = DeadlineOnly(entry, entries, i);
            }
        }

        return result;
    }

    private InteractionClassification ClassifyContact(IReadOnlyList<JourneyEntry> entries, int index, InteractionClassification?[] earlier)
    {
        // One allocation per contact: this runs for every contact of a person each time the person changes.
        var contact = entries[index];
        var predecessor = Predecessor(entries, index);
        var previous = predecessor >= 0 ? entries[predecessor] : null;
        var isFirst = previous is null;
        var acknowledgementDelay = isFirst ? AcknowledgementDelay(contact.Channel) : null;
        return new InteractionClassification
        {
            Key = contact.Key,
            OccurredAt = contact.OccurredAt,
            Channel = contact.Channel,
            Type = contact.Type,
            Motive = contact.Subject?.Motive,
            Service = contact.Service,
            Outcome = contact.Outcome,
            AnnouncedDeadline = contact.AnnouncedDeadline,
            DeadlineMetAt = contact.AnnouncedDeadline is null ? null : DeadlineMetAt(entries, index),
            Kind = isFirst ? ContactKind.FirstContact : ContactKind.Reiteration,
            Predecessor = previous?.Key,
            PredecessorChannel = previous?.Channel,
            CrossChannel = previous is not null && previous.Channel != contact.Channel,
            Demand = isFirst ? contact.Key : earlier[predecessor]!.Demand,
            FcrFailure = isFirst ? FcrFailureOf(entries, index) : null,
            FcrFinalAt = isFirst ? contact.OccurredAt + Windows.For(contact.Subject?.Motive) : null,
            AcknowledgementDueBy = contact.OccurredAt + acknowledgementDelay,
            AcknowledgedAt = acknowledgementDelay is null ? null : AcknowledgedAt(entries, index, acknowledgementDelay.Value),
            TimeToResolution = isFirst ? TimeToResolution(entries, index) : null,
        };
    }

    private static InteractionClassification DeadlineOnly(JourneyEntry entry, IReadOnlyList<JourneyEntry> entries, int index) => new()
    {
        Key = entry.Key,
        OccurredAt = entry.OccurredAt,
        Channel = entry.Channel,
        Type = entry.Type,
        Motive = entry.Subject?.Motive,
        Service = entry.Service,
        AnnouncedDeadline = entry.AnnouncedDeadline,
        DeadlineMetAt = DeadlineMetAt(entries, index),
    };

    /// <summary>The latest earlier contact of the same subject within W of the contact's motive; -1 if none.</summary>
    private int Predecessor(IReadOnlyList<JourneyEntry> entries, int index)
    {
        var contact = entries[index];
        if (contact.Subject is null)
        {
            return -1;
        }

        var window = Windows.For(contact.Subject.Motive);
        for (var j = index - 1; j >= 0; j--)
        {
            var candidate = entries[j];
            if (contact.OccurredAt - candidate.OccurredAt > window)
            {
                break;
            }

            if (candidate.IsContact && candidate.SameSubjectAs(contact))
            {
                return j;
            }
        }

        return -1;
    }

    /// <summary>
    /// A first contact fails when its own outcome says so, or when a later contact of the same subject
    /// lies within that later contact's window (exactly when that contact reiterates it or a successor).
    /// </summary>
    private FcrFailure? FcrFailureOf(IReadOnlyList<JourneyEntry> entries, int index)
    {
        var first = entries[index];
        if (first.Outcome is Outcome.Unresolved or Outcome.Transferred or Outcome.Abandoned)
        {
            return Contracts.FcrFailure.Outcome;
        }

        for (var k = index + 1; k < entries.Count; k++)
        {
            var later = entries[k];
            var gap = later.OccurredAt - first.OccurredAt;
            if (gap > Windows.Longest)
            {
                break;
            }

            if (later.IsContact && later.SameSubjectAs(first) && gap <= Windows.For(later.Subject!.Motive))
            {
                return Contracts.FcrFailure.ContactedAgain;
            }
        }

        return null;
    }

    private static TimeSpan? AcknowledgementDelay(Channel channel) => channel switch
    {
        Channel.Web or Channel.Email or Channel.Sms or Channel.Chat => ElectronicAcknowledgementDelay,
        Channel.Mail => PostalAcknowledgementDelay,
        _ => null,
    };

    /// <summary>The first notification of the same subject at or after the contact, within the delay.</summary>
    private static DateTimeOffset? AcknowledgedAt(IReadOnlyList<JourneyEntry> entries, int index, TimeSpan delay)
    {
        var contact = entries[index];
        for (var j = FirstAtSameInstant(entries, index); j < entries.Count; j++)
        {
            var candidate = entries[j];
            if (candidate.OccurredAt - contact.OccurredAt > delay)
            {
                break;
            }

            if (candidate.Type == InteractionType.Notification && candidate.SameSubjectAs(contact))
            {
                return candidate.OccurredAt;
            }
        }

        return null;
    }

    /// <summary>The first resolution of the same subject in [announced at, deadline].</summary>
    private static DateTimeOffset? DeadlineMetAt(IReadOnlyList<JourneyEntry> entries, int index)
    {
        var announcing = entries[index];
        var deadline = announcing.AnnouncedDeadline!.Value;
        for (var j = FirstAtSameInstant(entries, index); j < entries.Count; j++)
        {
            var candidate = entries[j];
            if (candidate.OccurredAt > deadline)
            {
                break;
            }

            if (candidate.Type == InteractionType.Resolution && candidate.SameSubjectAs(announcing))
            {
                return candidate.OccurredAt;
            }
        }

        return null;
    }

    /// <summary>From a first contact to the first later resolution of the same subject.</summary>
    private static TimeSpan? TimeToResolution(IReadOnlyList<JourneyEntry> entries, int index)
    {
        var first = entries[index];
        for (var k = index + 1; k < entries.Count; k++)
        {
            var candidate = entries[k];
            if (candidate.Type == InteractionType.Resolution && candidate.SameSubjectAs(first))
            {
                return candidate.OccurredAt - first.OccurredAt;
            }
        }

        return null;
    }

    /// <summary>"At or after" compares instants: entries at the same instant sort before by source and id.</summary>
    private static int FirstAtSameInstant(IReadOnlyList<JourneyEntry> entries, int index)
    {
        var instant = entries[index].OccurredAt;
        var first = index;
        while (first > 0 && entries[first - 1].OccurredAt == instant)
        {
            first--;
        }

        return first;
    }
}
