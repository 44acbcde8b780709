using System.ComponentModel;
using System.Text.Json;

namespace Omnichannel.Ingestion.Canonical;

/// <summary>
/// The canonical interaction as channel systems post it (DOMAIN §1), for the API documentation only:
/// bodies are read by <see cref="InteractionReader"/>, which names every failing field.
/// </summary>
[Description("An interaction as a channel system posts it. The source comes from the API key.")]
public sealed record CanonicalInteraction(
    [property: Description("1-128 printable characters, unique within the source: (source, id) is the idempotency key.")] string Id,
    [property: Description("web, phone, email, sms, chat, counter or mail (postal).")] string Channel,
    [property: Description("contact, visit, notification or resolution.")] string Type,
    [property: Description("ISO-8601 with offset; at most 24 hours in the future.")] DateTimeOffset OccurredAt,
    [property: Description("1 to 10 identifiers; types taxId, franceConnect, accountId, phone, email, cookie.")] IReadOnlyList<CanonicalIdentifier> Identifiers,
    [property: Description("Required for contact and resolution.")] CanonicalSubject? Subject,
    [property: Description("Contact only: resolved, unresolved, transferred or abandoned.")] string? Outcome,
    [property: Description("Contact or notification: when the administration promised to settle the subject.")] DateTimeOffset? AnnouncedDeadline,
    [property: Description("1-100 characters: the administrative unit.")] string? Service,
    [property: Description("1-64 characters.")] string? AgentId,
    [property: Description("Flat object of channel metadata, at most 4 KB serialized.")] JsonElement? Attributes);
