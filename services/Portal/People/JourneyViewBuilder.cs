using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Identity;
using Omnichannel.Journey.Store;

namespace Omnichannel.Portal.People;

/// <summary>
/// Reads a stored journey for an advisor as of an instant: each interaction with its verdicts, the demands
/// with their effort and whether they are still open, the announced deadlines and whether they were kept.
/// Pure: the classifications were made by the journey service; this only reads them at <c>asOf</c>.
/// </summary>
public static class JourneyViewBuilder
{
    /// <param name="journey">The person's stored journey.</param>
    /// <param name="requestedPersonId">The id asked for (a merged one leads here).</param>
    /// <param name="asOf">The instant the verdicts are read at.</param>
    /// <param name="declaredOwners">The current holders of the identifiers the journey's interactions declared without linking.</param>
    public static JourneyView Build(PersonJourney journey, string requestedPersonId, DateTimeOffset asOf, IReadOnlyDictionary<Identifier, string>? declaredOwners = null)
    {
        ArgumentNullException.ThrowIfNull(journey);
        declaredOwners ??= new Dictionary<Identifier, string>();
        var person = journey.Person.Snapshot;
        var classifications = journey.Classifications.ToDictionary(c => c.Key);
        var interactions = journey.Interactions.Select(i => View(i, classifications.GetValueOrDefault(i.Key), asOf)).ToList();
        return new JourneyView
        {
            PersonId = person.Id,
            RequestedPersonId = requestedPersonId,
            AsOf = asOf,
            Identifiers = [.. person.Identifiers.OrderBy(i => i.Type).ThenBy(i => i.Value, StringComparer.Ordinal)],
            MergedPersonIds = journey.MergedPersonIds,
            Conflicts = [.. person.Conflicts.Select(c => new ConflictView(c.Identifier, c.StrongType, c.OwnerId, c.OtherPersonId, KeyView.Of(c.Interaction), c.OwnerId == person.Id)
            {
                SeparatedBy = c.SeparatedBy,
                Dismissed = person.Dismissals.Any(d => d.Covers(c.Identifier)),
            })],
            Interactions = interactions,
            Claims = [.. journey.Interactions
                .SelectMany(i => IdentityLinks.Informing(i.Identifiers, i.Channel).Select(d => (Interaction: i, Declared: d)))
                .Where(c => !person.Identifiers.Contains(c.Declared))
                .Select(c => new ClaimView(KeyView.Of(c.Interaction.Key), c.Declared, declaredOwners.GetValueOrDefault(c.Declared))
                {
                    Dismissed = person.Dismissals.Any(d => d.Covers(c.Interaction.Key, c.Declared)),
                })],
            Merges = [.. person.Merges.Select(m => new MergeView(m.AbsorbedId, m.Through, KeyView.Of(m.Interaction), m.At) { DecidedBy = m.DecidedBy, Decision = m.Decision, Reason = m.Reason })],
            SharedIdentifiers = person.SharedIdentifiers,
            Separations = [.. person.Separations.Select(s => new SeparationView(s.DecisionId, s.From, s.DecidedBy, s.Reason, s.At))],
            Demands = Demands(journey, classifications, asOf),
            Deadlines = [.. journey.Classifications
                .Where(c => c.AnnouncedDeadline is not null)
                .OrderBy(c => c.OccurredAt)
                .Select(c => new DeadlineView
                {
                    AnnouncedBy = KeyView.Of(c.Key),
                    AnnouncedAt = c.OccurredAt,
                    Channel = c.Channel,
                    Motive = c.Motive,
                    Deadline = c.AnnouncedDeadline!.Value,
                    Status = c.Deadline(asOf)!.Value,
                    MetAt = c.DeadlineMetAt,
                })],
        };
    }

    private static InteractionView View(Interaction interaction, InteractionClassification? classification, DateTimeOffset asOf) => new()
    {
        Key = KeyView.Of(interaction.Key),
        OccurredAt = interaction.OccurredAt,
        Channel = interaction.Channel,
        Type = interaction.Type,
        Identifiers = interaction.Identifiers,
        Motive = interaction.Subject?.Motive,
        CaseRef = interaction.Subject?.CaseRef,
        Outcome = interaction.Outcome,
        Service = interaction.Service,
        AgentId = interaction.AgentId,
        AnnouncedDeadline = interaction.AnnouncedDeadline,
        Attributes = interaction.Attributes,
        Kind = classification?.Kind,
        ReiterationOf = classification?.Predecessor is { } predecessor ? KeyView.Of(predecessor) : null,
        SwitchedFrom = classification is { CrossChannel: true } ? classification.PredecessorChannel : null,
        CrossChannel = classification?.CrossChannel ?? false,
        Demand = classification?.Demand is { } demand ? KeyView.Of(demand) : null,
        Fcr = classification?.Fcr(asOf),
        FcrFailure = classification?.FcrFailure,
        Acknowledgement = classification?.Acknowledgement(asOf),
        Deadline = classification?.Deadline(asOf),
    };

    private static List<DemandView> Demands(PersonJourney journey, Dictionary<InteractionKey, InteractionClassification> classifications, DateTimeOffset asOf)
    {
        var contactsByDemand = journey.Interactions
            .Select(i => (Interaction: i, Demand: classifications.GetValueOrDefault(i.Key)?.Demand))
            .Where(c => c.Demand is not null)
            .GroupBy(c => c.Demand!.Value, c => c.Interaction);
        var demands = new List<DemandView>();
        foreach (var contacts in contactsByDemand)
        {
            if (!classifications.TryGetValue(contacts.Key, out var first))
            {
                continue;
            }

            // The demand's own first contact is the first of its group: the journey is in order.
            var opening = contacts.First();
            var last = contacts.Last();
            var resolvedAt = first.TimeToResolution is { } time ? first.OccurredAt + time : (DateTimeOffset?)null;
            var fcr = first.Fcr(asOf);
            demands.Add(new DemandView
            {
                FirstContact = KeyView.Of(contacts.Key),
                Motive = first.Motive,
                CaseRef = opening.Key == contacts.Key ? opening.Subject?.CaseRef : null,
                OpenedAt = first.OccurredAt,
                LastContactAt = last.OccurredAt,
                Contacts = contacts.Count(),
                Channels = [.. contacts.Select(c => c.Channel)],
                Fcr = fcr,
                ResolvedAt = resolvedAt,
                Open = resolvedAt is null && last.Outcome != Outcome.Resolved && fcr != FcrStatus.Resolved,
            });
        }

        return demands;
    }
}
