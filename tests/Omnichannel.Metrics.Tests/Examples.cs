using Omnichannel.Contracts;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Tests;

/// <summary>DOMAIN §5's worked examples as interactions, and what the journey service publishes for them.</summary>
internal static class Examples
{
    public const string Correction = "income-tax.correction";
    public const string PropertyTax = "property-tax.question";
    private const string TaxNumber = "1234567890123";

    public static readonly DateTimeOffset Day0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));

    public static DateTimeOffset Day(double day) => Day0.AddDays(day);

    public static DateOnly Date(int day) => DateOnly.FromDateTime(Day0.DateTime).AddDays(day);

    public static List<Interaction> A() =>
    [
        Make("a-web", Day(0), Channel.Web, InteractionType.Contact, Correction, Outcome.Resolved, Id(IdentifierType.AccountId, "brigitte"), Id(IdentifierType.TaxId, TaxNumber)),
        Make("a-ack", Day(0).AddMinutes(5), Channel.Email, InteractionType.Notification, Correction, null, Id(IdentifierType.Email, "brigitte@example.fr"), Id(IdentifierType.TaxId, TaxNumber)) with { AnnouncedDeadline = Day(15) },
        Make("a-schedule", Day(3), Channel.Email, InteractionType.Notification, "income-tax.payment-schedule", null, Id(IdentifierType.TaxId, TaxNumber)),
        Make("a-refund", Day(10), Channel.Mail, InteractionType.Resolution, Correction, null, Id(IdentifierType.TaxId, TaxNumber)),
    ];

    public static List<Interaction> B() =>
    [
        Make("b-web", Day(0), Channel.Web, InteractionType.Contact, Correction, null, Id(IdentifierType.Cookie, "c1"), Id(IdentifierType.AccountId, "q1"), Id(IdentifierType.TaxId, TaxNumber)),
        Make("b-phone", Day(2), Channel.Phone, InteractionType.Contact, Correction, Outcome.Transferred, Id(IdentifierType.Phone, "+33612345678"), Id(IdentifierType.TaxId, TaxNumber)),
        Make("b-email", Day(4), Channel.Email, InteractionType.Contact, Correction, Outcome.Resolved, Id(IdentifierType.Email, "b@example.fr"), Id(IdentifierType.TaxId, TaxNumber)),
        Make("b-day20", Day(20), Channel.Phone, InteractionType.Contact, PropertyTax, null, Id(IdentifierType.Phone, "+33612345678")),
        Make("b-day40", Day(40), Channel.Phone, InteractionType.Contact, PropertyTax, null, Id(IdentifierType.Phone, "+33612345678")),
    ];

    public static List<Interaction> C() =>
    [
        Make("c-phone", Day(0), Channel.Phone, InteractionType.Contact, "pas.rate", null, Id(IdentifierType.Phone, "+33611223344")),
        Make("c-web", Day(1), Channel.Web, InteractionType.Contact, "pas.rate", null, Id(IdentifierType.AccountId, "a9")),
        Make("c-link", Day(3), Channel.Phone, InteractionType.Contact, "pas.rate", null, Id(IdentifierType.Phone, "+33611223344"), Id(IdentifierType.AccountId, "a9")),
    ];

    /// <summary>What the journey service publishes when it records these interactions in this order.</summary>
    public static List<ContactsReclassified> Published(IEnumerable<Interaction> interactions)
    {
        var engine = new JourneyEngine();
        return [.. interactions.Select(engine.Apply).Select(r => new ContactsReclassified { PersonId = r.PersonId, Cause = r.Interaction, Changes = r.Changes })];
    }

    public static ReclassificationLedger Ledger(IEnumerable<ContactsReclassified> messages)
    {
        var ledger = new ReclassificationLedger();
        foreach (var message in messages)
        {
            ledger.Apply(message);
        }

        return ledger;
    }

    public static MetricsQuery Query(int from, int to, double asOf) => new() { From = Date(from), To = Date(to), AsOf = Day(asOf) };

    private static Identifier Id(IdentifierType type, string value) => new() { Type = type, Value = value };

    private static Interaction Make(string id, DateTimeOffset at, Channel channel, InteractionType type, string? motive, Outcome? outcome, params Identifier[] identifiers) => new()
    {
        Id = id,
        Source = "test",
        Channel = channel,
        Type = type,
        OccurredAt = at,
        Identifiers = identifiers,
        Subject = motive is null ? null : new Subject { Motive = motive },
        Outcome = outcome,
        Service = "SIP Paris 15",
    };
}
