using System.Text.Json.Serialization;
using Omnichannel.Contracts;

namespace Omnichannel.Domain.Classification;

/// <summary>
/// What classification needs of one interaction: the canonical interaction less its identifiers,
/// agent and attributes, which the journey store keeps. A value held inline in a person's journey: a
/// long-lived journey that receives new objects costs the garbage collector at every collection.
/// </summary>
public readonly record struct JourneyEntry : IComparable<JourneyEntry>
{
    public required InteractionKey Key { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required Channel Channel { get; init; }

    public required InteractionType Type { get; init; }

    public Subject? Subject { get; init; }

    public Outcome? Outcome { get; init; }

    public DateTimeOffset? AnnouncedDeadline { get; init; }

    public string? Service { get; init; }

    [JsonIgnore]
    public bool IsContact => Type == InteractionType.Contact;

    public static JourneyEntry From(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return new JourneyEntry
        {
            Key = interaction.Key,
            OccurredAt = interaction.OccurredAt,
            Channel = interaction.Channel,
            Type = interaction.Type,
            Subject = interaction.Subject,
            Outcome = interaction.Outcome,
            AnnouncedDeadline = interaction.AnnouncedDeadline,
            Service = interaction.Service,
        };
    }

    /// <summary>The total order of DOMAIN §3: (occurredAt, source, id), ordinal.</summary>
    public int CompareTo(JourneyEntry other)
    {
        var byTime = OccurredAt.UtcTicks.CompareTo(other.OccurredAt.UtcTicks);
        return byTime != 0 ? byTime : Key.CompareTo(other.Key);
    }

    /// <summary>
    /// Same subject (DOMAIN §3): equal case references when both carry one, else equal motives. An
    /// interaction without a subject has the same subject as nothing. Not transitive, so always asked pairwise.
    /// </summary>
    public bool SameSubjectAs(in JourneyEntry other)
    {
        if (Subject is null || other.Subject is null)
        {
            return false;
        }

        return Subject.CaseRef is not null && other.Subject.CaseRef is not null
            ? string.Equals(Subject.CaseRef, other.Subject.CaseRef, StringComparison.Ordinal)
            : string.Equals(Subject.Motive, other.Subject.Motive, StringComparison.Ordinal);
    }
}
