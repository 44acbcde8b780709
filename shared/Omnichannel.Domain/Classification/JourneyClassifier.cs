using Omnichannel.Contracts;

namespace Omnichannel.Domain.Classification;

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
    public InteractionClassification?[] Classify(ReadOnlySpan<JourneyEntry> entries)
    {
        var facts = new ClassificationFacts[entries.Length];
        Classify(entries, facts);
        var result = new InteractionClassification?[entries.Length];
        for (var i = 0; i < facts.Length; i++)
        {
            result[i] = facts[i].ToClassification(entries, i);
        }

        return result;
    }

    /// <summary>Classifies into <paramref name="output"/>, one slot per entry, without allocating.</summary>
    public void Classify(ReadOnlySpan<JourneyEntry> entries, Span<ClassificationFacts> output)
    {
        if (output.Length < entries.Length)
        {
            throw new ArgumentException("One slot per entry is needed.", nameof(output));
        }

        for (var i = 0; i < entries.Length; i++)
        {
            ref readonly var entry = ref entries[i];
            output[i] = entry.IsContact ? ClassifyContact(entries, i, output)
                : entry.AnnouncedDeadline is not null ? new ClassificationFacts
                {
                    Classified = true,
                    PredecessorIndex = -1,
                    DemandIndex = -1,
                    DeadlineMetAt = DeadlineMetAt(entries, i),
                }
                : new ClassificationFacts { PredecessorIndex = -1, DemandIndex = -1 };
        }
    }

    private ClassificationFacts ClassifyContact(ReadOnlySpan<JourneyEntry> entries, int index, Span<ClassificationFacts> earlier)
    {
        ref readonly var contact = ref entries[index];
        var predecessor = Predecessor(entries, index);
        var isFirst = predecessor < 0;
        var acknowledgementDelay = isFirst ? AcknowledgementDelay(contact.Channel) : null;
        Channel? previousChannel = isFirst ? null : entries[predecessor].Channel;
        return new ClassificationFacts
        {
            Classified = true,
            DeadlineMetAt = contact.AnnouncedDeadline is null ? null : DeadlineMetAt(entries, index),
            Kind = isFirst ? ContactKind.FirstContact : ContactKind.Reiteration,
            PredecessorIndex = predecessor,
            PredecessorChannel = previousChannel,
            CrossChannel = !isFirst && previousChannel != contact.Channel,
            DemandIndex = isFirst ? index : earlier[predecessor].DemandIndex,
            FcrFailure = isFirst ? FcrFailureOf(entries, index) : null,
            FcrFinalAt = isFirst ? contact.OccurredAt + Windows.For(contact.Subject?.Motive) : null,
            AcknowledgementDueBy = contact.OccurredAt + acknowledgementDelay,
            AcknowledgedAt = acknowledgementDelay is null ? null : AcknowledgedAt(entries, index, acknowledgementDelay.Value),
            TimeToResolution = isFirst ? TimeToResolution(entries, index) : null,
        };
    }

    /// <summary>The latest earlier contact of the same subject within W of the contact's motive; -1 if none.</summary>
    private int Predecessor(ReadOnlySpan<JourneyEntry> entries, int index)
    {
        ref readonly var contact = ref entries[index];
        if (contact.Subject is null)
        {
            return -1;
        }

        var window = Windows.For(contact.Subject.Motive);
        for (var j = index - 1; j >= 0; j--)
        {
            ref readonly var candidate = ref entries[j];
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
    private FcrFailure? FcrFailureOf(ReadOnlySpan<JourneyEntry> entries, int index)
    {
        ref readonly var first = ref entries[index];
        if (first.Outcome is Outcome.Unresolved or Outcome.Transferred or Outcome.Abandoned)
        {
            return Contracts.FcrFailure.Outcome;
        }

        for (var k = index + 1; k < entries.Length; k++)
        {
            ref readonly var later = ref entries[k];
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
    private static DateTimeOffset? AcknowledgedAt(ReadOnlySpan<JourneyEntry> entries, int index, TimeSpan delay)
    {
        ref readonly var contact = ref entries[index];
        for (var j = FirstAtSameInstant(entries, index); j < entries.Length; j++)
        {
            ref readonly var candidate = ref entries[j];
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
    private static DateTimeOffset? DeadlineMetAt(ReadOnlySpan<JourneyEntry> entries, int index)
    {
        ref readonly var announcing = ref entries[index];
        var deadline = announcing.AnnouncedDeadline!.Value;
        for (var j = FirstAtSameInstant(entries, index); j < entries.Length; j++)
        {
            ref readonly var candidate = ref entries[j];
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
    private static TimeSpan? TimeToResolution(ReadOnlySpan<JourneyEntry> entries, int index)
    {
        ref readonly var first = ref entries[index];
        for (var k = index + 1; k < entries.Length; k++)
        {
            ref readonly var candidate = ref entries[k];
            if (candidate.Type == InteractionType.Resolution && candidate.SameSubjectAs(first))
            {
                return candidate.OccurredAt - first.OccurredAt;
            }
        }

        return null;
    }

    /// <summary>"At or after" compares instants: entries at the same instant sort before by source and id.</summary>
    private static int FirstAtSameInstant(ReadOnlySpan<JourneyEntry> entries, int index)
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
