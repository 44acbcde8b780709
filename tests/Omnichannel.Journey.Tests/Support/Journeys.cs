using Omnichannel.Contracts;

namespace Omnichannel.Journey.Tests.Support;

/// <summary>Interactions on a calendar of days from <see cref="Day0"/>, 09:00 Paris time.</summary>
internal static class Journeys
{
    public const string Source = "test";

    public static readonly DateTimeOffset Day0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));

    public static DateTimeOffset Day(double day) => Day0.AddDays(day);

    public static Interaction Contact(string id, double day, Channel channel, string motive, params Identifier[] identifiers) =>
        Make(id, day, channel, InteractionType.Contact, motive, identifiers);

    public static Interaction Notification(string id, double day, Channel channel, string? motive, params Identifier[] identifiers) =>
        Make(id, day, channel, InteractionType.Notification, motive, identifiers);

    public static Interaction Resolution(string id, double day, string motive, params Identifier[] identifiers) =>
        Make(id, day, Channel.Mail, InteractionType.Resolution, motive, identifiers);

    public static Interaction Visit(string id, double day, params Identifier[] identifiers) =>
        Make(id, day, Channel.Web, InteractionType.Visit, null, identifiers);

    public static Interaction Make(string id, double day, Channel channel, InteractionType type, string? motive, params Identifier[] identifiers) => new()
    {
        Id = id,
        Source = Source,
        Channel = channel,
        Type = type,
        OccurredAt = Day(day),
        Identifiers = identifiers,
        Subject = motive is null ? null : new Subject { Motive = motive },
    };

    public static InteractionKey Key(string id) => new() { Source = Source, Id = id };
}
