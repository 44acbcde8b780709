using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;

namespace Omnichannel.Host;

/// <summary>Replays the worked examples of DOMAIN §5 through the journey engine and prints what it decided.</summary>
public static class EngineDemo
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));

    public static int Run(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Show(output, "A. The journey that went right", Day0.AddDays(30),
        [
            Make("a1", 0, Channel.Web, InteractionType.Contact, "income-tax.correction", Outcome.Resolved, Id(IdentifierType.AccountId, "brigitte"), Id(IdentifierType.TaxId, "1234567890123")),
            Make("a2", 0.0035, Channel.Email, InteractionType.Notification, "income-tax.correction", null, Id(IdentifierType.Email, "brigitte@example.fr"), Id(IdentifierType.TaxId, "1234567890123")) with { AnnouncedDeadline = Day0.AddDays(15) },
            Make("a3", 10, Channel.Mail, InteractionType.Resolution, "income-tax.correction", null, Id(IdentifierType.TaxId, "1234567890123")),
        ]);
        Show(output, "B. The journey that went wrong", Day0.AddDays(50),
        [
            Make("b1", 0, Channel.Web, InteractionType.Contact, "income-tax.correction", null, Id(IdentifierType.Cookie, "c1"), Id(IdentifierType.AccountId, "q1"), Id(IdentifierType.TaxId, "2234567890123")),
            Make("b2", 2, Channel.Phone, InteractionType.Contact, "income-tax.correction", Outcome.Transferred, Id(IdentifierType.Phone, "+33612345678"), Id(IdentifierType.TaxId, "2234567890123")),
            Make("b3", 4, Channel.Email, InteractionType.Contact, "income-tax.correction", Outcome.Resolved, Id(IdentifierType.Email, "b@example.fr"), Id(IdentifierType.TaxId, "2234567890123")),
            Make("b4", 20, Channel.Phone, InteractionType.Contact, "property-tax.question", null, Id(IdentifierType.Phone, "+33612345678")),
            Make("b5", 40, Channel.Phone, InteractionType.Contact, "property-tax.question", null, Id(IdentifierType.Phone, "+33612345678")),
        ]);
        Show(output, "C. A late link", Day0.AddDays(30),
        [
            Make("c1", 0, Channel.Phone, InteractionType.Contact, "pas.rate", null, Id(IdentifierType.Phone, "+33611223344")),
            Make("c2", 1, Channel.Web, InteractionType.Contact, "pas.rate", null, Id(IdentifierType.AccountId, "a9")),
            Make("c3", 3, Channel.Phone, InteractionType.Contact, "pas.rate", null, Id(IdentifierType.Phone, "+33611223344"), Id(IdentifierType.AccountId, "a9")),
        ]);
        return 0;
    }

    private static void Show(TextWriter output, string title, DateTimeOffset asOf, IReadOnlyList<Interaction> interactions)
    {
        var engine = new JourneyEngine();
        output.WriteLine($"== {title} (as of day {(asOf - Day0).TotalDays:0})");
        foreach (var interaction in interactions)
        {
            var result = engine.Apply(interaction);
            var merged = result.Absorbed.Count > 0 ? $", merged {string.Join(", ", result.Absorbed)}" : string.Empty;
            output.WriteLine($"  + {interaction.Id} {interaction.Channel} {interaction.Type} -> person {result.PersonId}{merged}, {result.Changes.Count} classification(s) changed");
        }

        foreach (var person in engine.People)
        {
            output.WriteLine($"  person {person.Id}: {person.Identifiers.Count} identifiers, {person.EntryCount} interactions");
            foreach (var c in engine.Classify(person).OfType<InteractionClassification>())
            {
                var day = (c.OccurredAt - Day0).TotalDays;
                var kind = c.Kind is null ? "deadline" : c.Kind == ContactKind.Reiteration ? $"reiteration of {c.Predecessor!.Value.Id} ({c.PredecessorChannel} -> {c.Channel})" : "first contact";
                output.WriteLine($"    day {day,5:0.##} {c.Key.Id,-3} {c.Channel,-6} {kind}" +
                    $"{Describe(" FCR", c.Fcr(asOf))}{Describe(" ack", c.Acknowledgement(asOf))}{Describe(" deadline", c.Deadline(asOf))}" +
                    (c.TimeToResolution is { } ttr ? $" resolved in {ttr.TotalDays:0.#} d" : string.Empty));
            }
        }

        output.WriteLine();
    }

    private static string Describe<T>(string label, T? status)
        where T : struct, Enum => status is { } value ? $"{label} {value}" : string.Empty;

    private static Identifier Id(IdentifierType type, string value) => new() { Type = type, Value = value };

    private static Interaction Make(string id, double day, Channel channel, InteractionType type, string motive, Outcome? outcome, params Identifier[] identifiers) => new()
    {
        Id = id,
        Source = "demo",
        Channel = channel,
        Type = type,
        OccurredAt = Day0.AddDays(day),
        Identifiers = identifiers,
        Subject = new Subject { Motive = motive },
        Outcome = outcome,
    };
}
