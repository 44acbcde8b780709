using System.Text.Json;
using Omnichannel.Contracts;

namespace Omnichannel.Portal.People;

/// <summary>One interaction of a journey, with what DOMAIN §3 says of it as of the journey's <c>asOf</c>.</summary>
public sealed record InteractionView
{
    public required KeyView Key { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required Channel Channel { get; init; }

    public required InteractionType Type { get; init; }

    public required IReadOnlyList<Identifier> Identifiers { get; init; }

    public string? Motive { get; init; }

    public string? CaseRef { get; init; }

    public Outcome? Outcome { get; init; }

    public string? Service { get; init; }

    public string? AgentId { get; init; }

    public DateTimeOffset? AnnouncedDeadline { get; init; }

    public JsonElement? Attributes { get; init; }

    /// <summary>First contact or reiteration; null for what is not a contact.</summary>
    public ContactKind? Kind { get; init; }

    /// <summary>For a reiteration: the contact it repeats.</summary>
    public KeyView? ReiterationOf { get; init; }

    /// <summary>For a cross-channel reiteration: the channel the citizen came from.</summary>
    public Channel? SwitchedFrom { get; init; }

    public bool CrossChannel { get; init; }

    /// <summary>For a contact: the first contact of its demand.</summary>
    public KeyView? Demand { get; init; }

    public FcrStatus? Fcr { get; init; }

    public FcrFailure? FcrFailure { get; init; }

    public AcknowledgementStatus? Acknowledgement { get; init; }

    public DeadlineStatus? Deadline { get; init; }
}
