using CsCheck;
using Omnichannel.Contracts;

namespace Omnichannel.Journey.Tests.Support;

/// <summary>
/// A generated set of journeys: a few true citizens, each with their own identifiers, and interactions
/// that each carry a non-empty subset of one citizen's identifiers. Identifiers are never shared between
/// citizens unless <see cref="SharedPhone"/> is set, in which case citizens 0 and 1 (who have different
/// tax numbers) share a phone: a strong-identifier conflict.
/// </summary>
internal sealed record Scenario(IReadOnlyList<Interaction> Interactions, int Seed, bool SharedPhone)
{
    /// <summary>The true citizen behind each interaction, parallel to <see cref="Interactions"/>.</summary>
    public IReadOnlyList<int> Citizens { get; init; } = [];


    private static readonly string[] Motives = ["income-tax.correction", "income-tax.rate", "property-tax.question"];
    private static readonly Channel[] Channels = Enum.GetValues<Channel>();
    private static readonly InteractionType[] Types =
        [InteractionType.Contact, InteractionType.Contact, InteractionType.Contact, InteractionType.Notification, InteractionType.Resolution, InteractionType.Visit];

    public static Gen<Scenario> Conflictless { get; } = Create(allowConflicts: false);

    public static Gen<Scenario> WithConflicts { get; } = Create(allowConflicts: true);

    /// <summary>
    /// Conflictless journeys where channels vouch for some identifiers only: each identifier of an
    /// interaction is declared or verified at random, and some interactions also declare another citizen's
    /// tax number (a caller keying someone else's number, a letter naming someone else).
    /// </summary>
    public static Gen<Scenario> WithDeclared { get; } = Gen.Select(Create(allowConflicts: false), Gen.Int).Select((scenario, seed) => scenario.Declaring(seed));

    /// <summary>The interactions in another order, decided by the scenario's seed.</summary>
    public List<Interaction> Shuffled()
    {
        var copy = Interactions.ToList();
        new Random(Seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(copy));
        return copy;
    }

    public override string ToString() =>
        $"seed {Seed}, shared phone {SharedPhone}:\n" + string.Join("\n", Interactions.Select(i =>
            $"  {i.Id} {i.OccurredAt:MM-dd HH:mm} {i.Channel} {i.Type} {i.Subject?.Motive}/{i.Subject?.CaseRef} {i.Outcome} [{string.Join(", ", i.Identifiers)}]"));

    private static Gen<Scenario> Create(bool allowConflicts)
    {
        var person = Gen.Int[0, 1 << 12];
        var spec = Gen.Select(Gen.Int[0, 5], Gen.Int[1, 63], Gen.Int[0, Types.Length - 1], Gen.Int[0, Channels.Length - 1], Gen.Int[0, 30 * 8], Gen.Int[0, 99], Gen.Int[0, 99], Gen.Int[0, 99])
            .Select(t => new Spec(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7, t.Item8));
        var shared = allowConflicts ? Gen.Bool : Gen.Const(false);
        return Gen.Select(person.Array[1, 6], spec.Array[1, 30], Gen.Int, shared)
            .Select((people, specs, seed, sharedPhone) => Build(people, specs, seed, sharedPhone));
    }

    private static Scenario Build(int[] peopleShapes, Spec[] specs, int seed, bool sharedPhone)
    {
        var identities = peopleShapes.Select((shape, index) => IdentifiersOf(index, shape)).ToList();
        if (sharedPhone && identities.Count >= 2)
        {
            identities[0] = [.. identities[0].Where(i => i.Type != IdentifierType.TaxId), Ids.Tax("9000000000000"), Ids.Phone("+33699999999")];
            identities[1] = [.. identities[1].Where(i => i.Type != IdentifierType.TaxId), Ids.Tax("9000000000001"), Ids.Phone("+33699999999")];
        }

        var interactions = specs.Select((s, n) => ToInteraction(n, s, identities[s.Person % identities.Count])).ToList();
        return new Scenario(interactions, seed, sharedPhone && identities.Count >= 2) { Citizens = [.. specs.Select(s => s.Person % identities.Count)] };
    }

    private Scenario Declaring(int seed)
    {
        var random = new Random(seed);
        var citizens = Citizens.Count == 0 ? 1 : Citizens.Max() + 1;
        var interactions = Interactions.Select((interaction, n) =>
        {
            List<Identifier> identifiers = [.. interaction.Identifiers.Select(i => random.Next(2) == 0 ? i with { Assurance = IdentifierAssurance.Declared } : i)];
            if (random.Next(4) == 0 && citizens > 1)
            {
                var other = (Citizens[n] + 1 + random.Next(citizens - 1)) % citizens;
                identifiers.Add(Ids.Tax($"{other + 1:D13}") with { Assurance = IdentifierAssurance.Declared });
            }

            return interaction with { Identifiers = identifiers };
        }).ToList();
        return this with { Interactions = interactions };
    }

    private static List<Identifier> IdentifiersOf(int person, int shape)
    {
        var ids = new List<Identifier>();
        if ((shape & 1) != 0)
        {
            ids.Add(Ids.Tax($"{person + 1:D13}"));
        }

        if ((shape & 2) != 0)
        {
            ids.Add(Ids.Account($"acc-{person}"));
        }

        if ((shape & 4) != 0)
        {
            ids.Add(Ids.FranceConnect($"fc-{person}"));
        }

        for (var i = 0; i < ((shape >> 3) & 3) % 3; i++)
        {
            ids.Add(Ids.Phone($"+3361{person:D2}{i:D5}"));
        }

        for (var i = 0; i < ((shape >> 5) & 3) % 3; i++)
        {
            ids.Add(Ids.Email($"p{person}.{i}@example.fr"));
        }

        for (var i = 0; i < ((shape >> 7) & 3) % 3 || ids.Count == 0; i++)
        {
            ids.Add(Ids.Cookie($"cookie-{person}-{i}"));
        }

        return ids;
    }

    private static Interaction ToInteraction(int n, Spec s, List<Identifier> identities)
    {
        var chosen = identities.Where((_, i) => (s.Mask & (1 << (i % 6))) != 0).ToArray();
        if (chosen.Length == 0)
        {
            chosen = [identities[s.Mask % identities.Count]];
        }

        var type = Types[s.Type];
        // Three-hour steps over 30 days: ties in time happen, and windows of 7 days are crossed both ways.
        var occurredAt = Journeys.Day0.AddHours(s.Hour * 3);
        var motive = Motives[s.Motive % Motives.Length];
        var hasSubject = type != InteractionType.Visit && !(type == InteractionType.Notification && s.Motive > 90);
        return new Interaction
        {
            Id = $"i{n:D3}",
            Source = s.Extra % 3 == 0 ? "cti" : "portal",
            Channel = Channels[s.Channel],
            Type = type,
            OccurredAt = occurredAt,
            Identifiers = chosen,
            Subject = hasSubject ? new Subject { Motive = motive, CaseRef = s.Extra < 20 ? $"case-{s.Extra % 2}" : null } : null,
            Outcome = type == InteractionType.Contact ? (s.Outcome % 6) switch { 0 => Outcome.Unresolved, 1 => Outcome.Transferred, 2 => Outcome.Abandoned, 3 => null, _ => Outcome.Resolved } : null,
            AnnouncedDeadline = type is InteractionType.Contact or InteractionType.Notification && s.Outcome > 70 ? occurredAt.AddDays(s.Outcome % 15) : null,
        };
    }

    private sealed record Spec(int Person, int Mask, int Type, int Channel, int Hour, int Motive, int Extra, int Outcome);
}
