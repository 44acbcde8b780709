using Omnichannel.Contracts;

namespace Omnichannel.Testing;

/// <summary>
/// A realistic, reproducible stream of interactions: citizens with about three identifiers each, demands
/// of a first contact and its reiterations (a fifth of demands switch channel), acknowledgements,
/// resolutions and browsing; each channel sees the identifiers it knows, one interaction per citizen
/// links them all (early for 95% of citizens, late for 5%), and arrival order is mostly chronological
/// with 5% of events late.
/// </summary>
public static class SyntheticStream
{
    private static readonly string[] Motives =
    [
        "income-tax.correction", "income-tax.rate", "income-tax.payment", "property-tax.question",
        "property-tax.payment", "pas.rate", "pas.modulation", "housing-tax.exemption", "vat.refund", "account.access",
    ];

    private static readonly Channel[] ContactChannels =
        [Channel.Web, Channel.Web, Channel.Phone, Channel.Phone, Channel.Phone, Channel.Email, Channel.Email, Channel.Sms, Channel.Counter, Channel.Mail, Channel.Chat];

    public static List<Interaction> Generate(int people, int interactions, int seed = 42)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.FromHours(1));
        var perPerson = (double)interactions / people;
        var stream = new List<Interaction>(interactions + people);
        for (var p = 0; stream.Count < interactions; p++)
        {
            var identifiers = IdentifiersOf(p, random);
            // A demand brings two interactions on average past the budget: aim below it.
            var budget = Math.Max(1, (int)Math.Round(perPerson - 1.2 + ((random.NextDouble() - 0.5) * 6)));
            var lateLink = random.NextDouble() < 0.05;
            var own = new List<Interaction>(budget + 4);
            var at = start.AddMinutes(random.Next(0, 60 * 24 * 60));
            while (own.Count < budget)
            {
                AddDemand(own, p, identifiers, at, random);
                at = at.AddDays(random.Next(3, 20));
            }

            // One interaction (a signed-in form, an IVR call with the tax number) links every identifier.
            var linking = lateLink ? own.Count - 1 : 0;
            own[linking] = own[linking] with { Identifiers = identifiers };
            stream.AddRange(own.Take(Math.Min(own.Count, interactions - stream.Count)));
        }

        stream.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        for (var i = 0; i < stream.Count; i++)
        {
            if (random.NextDouble() < 0.05)
            {
                var j = Math.Min(stream.Count - 1, i + random.Next(1, 5_000));
                (stream[i], stream[j]) = (stream[j], stream[i]);
            }
        }

        return stream;
    }

    private static void AddDemand(List<Interaction> own, int person, Identifier[] identifiers, DateTimeOffset at, Random random)
    {
        var motive = Motives[random.Next(Motives.Length)];
        var channel = ContactChannels[random.Next(ContactChannels.Length)];
        var reiterations = random.NextDouble() switch { < 0.55 => 0, < 0.85 => 1, _ => 2 };
        var switches = reiterations > 0 && random.NextDouble() < 0.2 / 0.45;
        var outcome = reiterations > 0 ? Outcome.Unresolved : Outcome.Resolved;
        own.Add(Make(person, own.Count, channel, InteractionType.Contact, at, motive, outcome, identifiers, random));
        if (random.NextDouble() < 0.5)
        {
            own.Add(Make(person, own.Count, Channel.Email, InteractionType.Notification, at.AddHours(random.Next(1, 100)), motive, null, identifiers, random) with
            {
                AnnouncedDeadline = at.AddDays(15),
            });
        }

        if (random.NextDouble() < 0.3)
        {
            own.Add(Make(person, own.Count, Channel.Web, InteractionType.Visit, at.AddMinutes(-random.Next(1, 600)), null, null, identifiers, random));
        }

        var when = at;
        for (var r = 0; r < reiterations; r++)
        {
            when = when.AddHours(random.Next(2, 120));
            var next = switches ? ContactChannels[random.Next(ContactChannels.Length)] : channel;
            own.Add(Make(person, own.Count, next, InteractionType.Contact, when, motive, r == reiterations - 1 ? Outcome.Resolved : Outcome.Transferred, identifiers, random));
        }

        if (random.NextDouble() < 0.4)
        {
            own.Add(Make(person, own.Count, Channel.Mail, InteractionType.Resolution, when.AddDays(random.Next(1, 20)), motive, null, identifiers, random));
        }
    }

    /// <summary>About three identifiers per citizen, unique to them.</summary>
    private static Identifier[] IdentifiersOf(int person, Random random)
    {
        var ids = new List<Identifier>(5);
        if (random.NextDouble() < 0.7)
        {
            ids.Add(new Identifier { Type = IdentifierType.TaxId, Value = (1_000_000_000_000L + person).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        if (random.NextDouble() < 0.5)
        {
            ids.Add(new Identifier { Type = IdentifierType.AccountId, Value = $"acc-{person}" });
        }

        if (random.NextDouble() < 0.8)
        {
            ids.Add(new Identifier { Type = IdentifierType.Phone, Value = $"+336{person:D8}" });
        }

        if (random.NextDouble() < 0.6)
        {
            ids.Add(new Identifier { Type = IdentifierType.Email, Value = $"citizen{person}@example.fr" });
        }

        if (random.NextDouble() < 0.4 || ids.Count == 0)
        {
            ids.Add(new Identifier { Type = IdentifierType.Cookie, Value = $"ck-{person}" });
        }

        return [.. ids];
    }

    /// <summary>Each channel sees the identifiers it knows; a channel that knows none of this citizen's sees one of them.</summary>
    private static Interaction Make(int person, int n, Channel channel, InteractionType type, DateTimeOffset at, string? motive, Outcome? outcome, Identifier[] identifiers, Random random)
    {
        var seen = identifiers.Where(i => Knows(channel, i.Type) && (i.Type != IdentifierType.TaxId || random.NextDouble() < 0.5)).ToArray();
        if (seen.Length == 0)
        {
            seen = [identifiers[random.Next(identifiers.Length)]];
        }

        return new Interaction
        {
            Id = $"{person}-{n}",
            Source = channel.ToString(),
            Channel = channel,
            Type = type,
            OccurredAt = at,
            Identifiers = seen,
            Subject = motive is null ? null : new Subject { Motive = motive },
            Outcome = type == InteractionType.Contact ? outcome : null,
            Service = $"SIP {person % 40}",
        };
    }

    private static bool Knows(Channel channel, IdentifierType type) => channel switch
    {
        Channel.Phone or Channel.Sms => type is IdentifierType.Phone or IdentifierType.TaxId,
        Channel.Email => type is IdentifierType.Email,
        Channel.Web or Channel.Chat => type is IdentifierType.AccountId or IdentifierType.Cookie or IdentifierType.TaxId,
        _ => type is IdentifierType.TaxId,
    };
}
