using System.ComponentModel;

namespace Omnichannel.Ingestion.Canonical;

/// <summary>
/// The canonical interaction as channel systems post it (DOMAIN §1). The source comes from the API key;
/// identifiers are normalized before anything is stored or compared.
/// </summary>
// Documentation only: bodies are read by InteractionReader, which names every failing field.
[Description("An interaction as a channel system posts it. The source comes from the API key.")]
public sealed class CanonicalInteraction
{
    [Description("1-128 printable characters, unique within the source: (source, id) is the idempotency key.")]
    public required string Id { get; init; }

    [Description("web, phone, email, sms, chat, counter or mail (postal).")]
    public required string Channel { get; init; }

    [Description("contact, visit, notification or resolution.")]
    public required string Type { get; init; }

    [Description("ISO-8601 with offset; at most 24 hours in the future.")]
    public required DateTimeOffset OccurredAt { get; init; }

    [Description("1 to 10 identifiers; types taxId, franceConnect, accountId, phone, email, cookie; each with an optional assurance, verified (the default: the channel authenticated it) or declared (typed, said or written by whoever reaches out: it never links people).")]
    public required IReadOnlyList<CanonicalIdentifier> Identifiers { get; init; }

    [Description("What it is about. Required for contact and resolution.")]
    public CanonicalSubject? Subject { get; init; }

    [Description("Contact only: resolved, unresolved, transferred or abandoned.")]
    public string? Outcome { get; init; }

    [Description("Contact or notification: when the administration promised to settle the subject.")]
    public DateTimeOffset? AnnouncedDeadline { get; init; }

    [Description("1-100 characters: the administrative unit.")]
    public string? Service { get; init; }

    [Description("1-64 characters.")]
    public string? AgentId { get; init; }

    [Description("Flat object of channel metadata (strings, numbers, booleans), at most 4 KB serialized.")]
    public IReadOnlyDictionary<string, object?>? Attributes { get; init; }
}
