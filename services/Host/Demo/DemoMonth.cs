using Omnichannel.Contracts;

namespace Omnichannel.Host.Demo;

/// <summary>
/// A month of a tax office, made up but shaped like the real thing: citizens known by a tax number, a
/// portal account, a phone number and an email address, each channel seeing only what it knows; demands
/// that are settled at once, come back on another channel, get acknowledged (or not) and get a promised
/// deadline (kept or not); links that come late (a caller who types their tax number in the IVR only on
/// their second call). Reproducible: the same seed gives the same month.
/// </summary>
public static class DemoMonth
{
    private static readonly (string Motive, int Weight)[] Motives =
    [
        ("income-tax.correction", 18), ("income-tax.question", 14), ("pas.rate", 16), ("pas.modulation", 6),
        ("property-tax.question", 12), ("property-tax.payment", 6), ("refund.status", 12), ("housing-tax.exemption", 5),
        ("appointment.request", 7), ("account.access", 4),
    ];

    private static readonly string[] MobileBlocks = ["60", "61", "62", "64", "65", "66", "67", "68", "73", "74", "75", "76", "77", "78", "79"];

    private static readonly string[] Services = ["SIP Paris 15", "SIP Lyon 3", "SIP Marseille 8", "SIP Lille Centre", "Centre de contact Nancy"];

    private static readonly (Channel Channel, int Weight)[] FirstChannels =
        [(Channel.Web, 34), (Channel.Phone, 30), (Channel.Email, 18), (Channel.Sms, 5), (Channel.Counter, 8), (Channel.Mail, 3), (Channel.Chat, 2)];

    /// <summary>The channel system that posts each channel's interactions (the demo API keys' sources).</summary>
    public static string SourceOf(Channel channel, InteractionType type) => (channel, type) switch
    {
        (_, InteractionType.Notification or InteractionType.Resolution) => "backoffice",
        (Channel.Web or Channel.Chat, _) => "portal",
        (Channel.Phone, _) => "cti",
        (Channel.Email, _) => "email-gateway",
        (Channel.Sms, _) => "sms-gateway",
        _ => "backoffice",
    };

    /// <summary>The month's interactions in the order they happened, each with the source that posts it.</summary>
    public static List<Interaction> Generate(int citizens, DateTimeOffset end, int seed = 2026)
    {
        var random = new Random(seed);
        var start = end.AddDays(-30);
        var interactions = new List<Interaction>(citizens * 5);
        for (var c = 0; c < citizens; c++)
        {
            var citizen = Citizen.Create(c, random);
            var demands = 1 + (random.NextDouble() < 0.35 ? 1 : 0) + (random.NextDouble() < 0.1 ? 1 : 0);
            for (var d = 0; d < demands; d++)
            {
                // Office hours, Monday to Saturday morning.
                var at = OfficeHours(start.AddMinutes(random.Next(0, 60 * 24 * 27)), random);
                Demand(interactions, citizen, at, end, random);
            }
        }

        interactions.RemoveAll(i => i.OccurredAt > end);
        interactions.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        return interactions;
    }

    private static void Demand(List<Interaction> interactions, Citizen citizen, DateTimeOffset at, DateTimeOffset end, Random random)
    {
        var motive = Pick(Motives, random);
        var service = Services[random.Next(Services.Length)];
        var caseRef = random.NextDouble() < 0.2 ? $"DOS-{random.Next(100_000, 999_999)}" : null;
        var channel = Pick(FirstChannels, random);
        var contacts = 1;
        var outcome = FirstOutcome(channel, random);
        interactions.Add(Contact(citizen, channel, at, motive, caseRef, service, outcome, contacts, random));

        // The administration answers an electronic or postal request: usually within the week.
        if (channel is Channel.Web or Channel.Email or Channel.Sms or Channel.Chat or Channel.Mail && random.NextDouble() < 0.85)
        {
            var ackAt = at.AddHours(channel == Channel.Mail ? random.Next(48, 24 * 16) : random.Next(1, 24 * 9));
            var promised = random.NextDouble() < 0.6 ? ackAt.AddDays(random.Next(10, 31)) : (DateTimeOffset?)null;
            interactions.Add(Notification(citizen, ackAt, motive, caseRef, service, promised, contacts));
            if (promised is { } deadline && random.NextDouble() < 0.75)
            {
                // Most promises are kept; some resolutions come after the deadline.
                var resolvedAt = random.NextDouble() < 0.8 ? ackAt.AddHours(random.Next(24, (int)(deadline - ackAt).TotalHours)) : deadline.AddDays(random.Next(1, 10));
                interactions.Add(Resolution(citizen, resolvedAt, motive, caseRef, service, contacts));
            }
        }

        // A citizen who was not settled comes back, often on another channel, within the week.
        var previous = channel;
        var when = at;
        while (outcome != Outcome.Resolved && random.NextDouble() < 0.55 && contacts < 4)
        {
            when = OfficeHours(when.AddHours(random.Next(4, 24 * 6)), random);
            var next = random.NextDouble() < 0.6 ? Pick(FirstChannels, random) : previous;
            contacts++;
            outcome = random.NextDouble() < 0.65 ? Outcome.Resolved : FirstOutcome(next, random);
            interactions.Add(Contact(citizen, next, when, motive, caseRef, service, outcome, contacts, random));
            previous = next;
        }

        // Sometimes the same question again later, after the window: a new demand of the same motive.
        if (random.NextDouble() < 0.08 && when.AddDays(10) < end)
        {
            var again = OfficeHours(when.AddDays(random.Next(9, 20)), random);
            interactions.Add(Contact(citizen, Pick(FirstChannels, random), again, motive, null, service, Outcome.Resolved, contacts + 1, random));
        }
    }

    private static Outcome? FirstOutcome(Channel channel, Random random)
    {
        var roll = random.NextDouble();
        return channel switch
        {
            Channel.Phone => roll < 0.12 ? Outcome.Abandoned : roll < 0.27 ? Outcome.Transferred : roll < 0.4 ? Outcome.Unresolved : Outcome.Resolved,
            Channel.Counter => roll < 0.2 ? Outcome.Unresolved : Outcome.Resolved,
            Channel.Web or Channel.Chat => roll < 0.45 ? Outcome.Resolved : null,
            _ => null,
        };
    }

    private static Interaction Contact(Citizen citizen, Channel channel, DateTimeOffset at, string motive, string? caseRef, string service, Outcome? outcome, int contact, Random random) => new()
    {
        Id = $"{Prefix(channel)}-{citizen.Number:D6}-{at.ToUnixTimeSeconds()}-{contact}",
        Source = SourceOf(channel, InteractionType.Contact),
        Channel = channel,
        Type = InteractionType.Contact,
        OccurredAt = at,
        Identifiers = citizen.SeenOn(channel, random),
        Subject = new Subject { Motive = motive, CaseRef = caseRef },
        Outcome = outcome,
        Service = channel is Channel.Phone or Channel.Counter or Channel.Mail ? service : null,
        AgentId = channel is Channel.Phone or Channel.Counter ? $"agent-{random.Next(1, 25)}" : null,
    };

    private static Interaction Notification(Citizen citizen, DateTimeOffset at, string motive, string? caseRef, string service, DateTimeOffset? deadline, int contact) => new()
    {
        Id = $"ack-{citizen.Number:D6}-{at.ToUnixTimeSeconds()}-{contact}",
        Source = "backoffice",
        Channel = Channel.Email,
        Type = InteractionType.Notification,
        OccurredAt = at,
        Identifiers = [citizen.Email, citizen.TaxId],
        Subject = new Subject { Motive = motive, CaseRef = caseRef },
        AnnouncedDeadline = deadline,
        Service = service,
    };

    private static Interaction Resolution(Citizen citizen, DateTimeOffset at, string motive, string? caseRef, string service, int contact) => new()
    {
        Id = $"res-{citizen.Number:D6}-{at.ToUnixTimeSeconds()}-{contact}",
        Source = "backoffice",
        Channel = Channel.Mail,
        Type = InteractionType.Resolution,
        OccurredAt = at,
        Identifiers = [citizen.TaxId],
        Subject = new Subject { Motive = motive, CaseRef = caseRef },
        Service = service,
    };

    private static string Prefix(Channel channel) => channel.ToString().ToLowerInvariant();

    private static DateTimeOffset OfficeHours(DateTimeOffset at, Random random)
    {
        var day = new DateTimeOffset(at.Year, at.Month, at.Day, 0, 0, 0, at.Offset);
        if (day.DayOfWeek == DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return day.AddHours(8.5 + (random.NextDouble() * 9));
    }

    private static T Pick<T>((T Value, int Weight)[] choices, Random random)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            roll -= weight;
            if (roll < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    /// <summary>One citizen and what each channel knows of them.</summary>
    private sealed record Citizen(int Number, Identifier TaxId, Identifier Account, Identifier Phone, Identifier Email, Identifier Cookie, bool TypesTaxIdInIvr)
    {
        public static Citizen Create(int number, Random random) => new(
            number,
            new Identifier { Type = IdentifierType.TaxId, Value = $"{random.Next(1, 4)}{random.NextInt64(100_000_000_000, 999_999_999_999)}" },
            new Identifier { Type = IdentifierType.AccountId, Value = $"compte-{number:D6}" },
            // Mobile numbers in blocks the French plan allocates: 060-062, 064-068, 073-079, then seven digits.
            new Identifier { Type = IdentifierType.Phone, Value = $"+33{MobileBlocks[random.Next(MobileBlocks.Length)]}{random.Next(1_000_000, 9_999_999)}" },
            new Identifier { Type = IdentifierType.Email, Value = $"usager.{number:D6}@exemple.fr" },
            new Identifier { Type = IdentifierType.Cookie, Value = $"ck-{random.NextInt64():x}" },
            random.NextDouble() < 0.6);

        public IReadOnlyList<Identifier> SeenOn(Channel channel, Random random) => channel switch
        {
            Channel.Web or Channel.Chat => random.NextDouble() < 0.85 ? [Account, TaxId, Cookie] : [Cookie],
            Channel.Phone => TypesTaxIdInIvr || random.NextDouble() < 0.3 ? [Phone, TaxId] : [Phone],
            Channel.Email => random.NextDouble() < 0.5 ? [Email, TaxId] : [Email],
            Channel.Sms => [Phone],
            _ => [TaxId],
        };
    }
}
