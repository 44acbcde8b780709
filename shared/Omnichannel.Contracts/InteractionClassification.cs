namespace Omnichannel.Contracts;

/// <summary>
/// What DOMAIN §3 says of one interaction, independent of the instant it is read at: the facts the
/// roll-ups need (day, channel, motive, service) plus the verdicts. Statuses that become final with time
/// (FCR, acknowledgement, deadline) carry the instant they become final, so that a reader decides
/// them for any <c>asOf</c> without asking the journey again.
/// Classified: every contact, and every interaction that announces a deadline.
/// </summary>
public sealed record InteractionClassification
{
    public required InteractionKey Key { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required Channel Channel { get; init; }

    public required InteractionType Type { get; init; }

    public string? Motive { get; init; }

    public string? Service { get; init; }

    public Outcome? Outcome { get; init; }

    /// <summary>Null when the interaction is not a contact.</summary>
    public ContactKind? Kind { get; init; }

    /// <summary>For a reiteration: the contact it reiterates.</summary>
    public InteractionKey? Predecessor { get; init; }

    /// <summary>For a reiteration: its predecessor's channel, the origin of the channel switch.</summary>
    public Channel? PredecessorChannel { get; init; }

    public bool CrossChannel { get; init; }

    /// <summary>For a contact: the first contact of the demand it belongs to.</summary>
    public InteractionKey? Demand { get; init; }

    /// <summary>For a first contact that failed FCR: why. Null while it stands.</summary>
    public FcrFailure? FcrFailure { get; init; }

    /// <summary>For a first contact: when its FCR becomes final if nothing fails it.</summary>
    public DateTimeOffset? FcrFinalAt { get; init; }

    /// <summary>For a first contact on an electronic or postal channel: the acknowledgement due date.</summary>
    public DateTimeOffset? AcknowledgementDueBy { get; init; }

    /// <summary>When the acknowledging notification came, if it did in time.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>The deadline this interaction announced, if any.</summary>
    public DateTimeOffset? AnnouncedDeadline { get; init; }

    /// <summary>When the subject was resolved within the announced deadline, if it was.</summary>
    public DateTimeOffset? DeadlineMetAt { get; init; }

    /// <summary>For a first contact: the time to the first later resolution of its subject.</summary>
    public TimeSpan? TimeToResolution { get; init; }
}
