using MassTransit;
using Omnichannel.Contracts;
using Omnichannel.Domain.Identity;
using Omnichannel.Hosting.Delivery;
using Omnichannel.Journey.Retention;
using Omnichannel.Journey.Store;
using Omnichannel.Portal.Audit;

namespace Omnichannel.Portal.Privacy;

/// <summary>
/// The data-protection officer's requests (docs/domain.md §6), for the API and the page alike: the export of
/// everything held about a person, audited; the erasure of a person, audited, then carried out by the journey
/// service (the one writer of people); and what retention did.
/// </summary>
public sealed class PrivacyRequests(IJourneyReader store, IAuditLog audit, IDurablePublisher publisher, IBus bus, TimeProvider time)
{
    /// <summary>The person id of the audit entries that are about nobody in particular (an erasure, a retention run).</summary>
    public const string NoPerson = "-";

    /// <summary>Entries of an audit log read for one export: far above what a person gathers in a retention period.</summary>
    public const int MaxAuditEntries = 100_000;

    /// <summary>Everything held about a person, audited (reason <c>data-export</c>) before it is read; null when nobody has this id.</summary>
    public async Task<PersonExport?> ExportAsync(string personId, string user, string via, CancellationToken cancellationToken)
    {
        var journey = await store.LoadJourneyAsync(personId, cancellationToken);
        if (journey is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var person = journey.Person.Snapshot;
        await audit.WriteAsync(new AuditEntry(now, user, person.Id, AccessReasons.DataExport, via), cancellationToken);
        List<string> ids = [person.Id, .. journey.MergedPersonIds];
        var entries = new List<AuditEntry>();
        foreach (var id in ids)
        {
            entries.AddRange(await audit.ReadAsync(new AuditQuery(PersonId: id, Limit: MaxAuditEntries), cancellationToken));
        }

        // What the person's own interactions carry, or they hold: the only identifiers the export may name.
        var theirs = new HashSet<Identifier>(person.Identifiers.Concat(journey.Interactions.SelectMany(i => i.Identifiers)));
        var classifications = journey.Classifications.ToDictionary(c => c.Key);
        var declared = journey.Interactions
            .SelectMany(i => IdentityLinks.Informing(i.Identifiers, i.Channel).Select(d => new ExportedClaim(i.Key, d)))
            .ToList();
        var holders = (await store.LoadOwnersAsync([.. declared.Select(c => c.Identifier).Distinct()], cancellationToken))
            .SelectMany(o => o.Snapshot.Identifiers.Select(i => (Identifier: i, o.Snapshot.Id)))
            .ToDictionary(o => o.Identifier, o => o.Id);
        var decisions = await store.ListDecisionsAsync(ids, cancellationToken);
        return new PersonExport
        {
            PersonId = person.Id,
            ExportedAt = now,
            ExportedBy = user,
            Identifiers = person.Identifiers,
            SharedIdentifiers = person.SharedIdentifiers,
            MergedPersonIds = journey.MergedPersonIds,
            Interactions = [.. journey.Interactions.Select(i => new ExportedInteraction(i, classifications.GetValueOrDefault(i.Key)))],
            Merges = person.Merges,
            Claims = [.. declared.Where(c => holders.TryGetValue(c.Identifier, out var holder) && holder != person.Id)],
            Conflicts = [.. person.Conflicts.Where(c => theirs.Contains(c.Identifier)).Select(c => new ExportedConflict(c.Identifier, c.SeparatedBy is null ? c.StrongType : null, c.SeparatedBy))],
            Decisions = [.. decisions.Select(d => new ExportedDecision(d.DecisionId, d.Kind, [.. d.Identifiers.Where(theirs.Contains)], d.DecidedBy, d.Reason, d.DecidedAt))],
            AuditEntries = [.. entries.OrderBy(e => e.At)],
        };
    }

    /// <summary>
    /// Audits the erasure (reason <c>erasure</c>, the request's id in <c>via</c>, no person: no personal data) and sends it to
    /// the journey service; returns its id, or null when nobody has this person id.
    /// </summary>
    public async Task<string?> EraseAsync(string personId, string reason, string user, CancellationToken cancellationToken)
    {
        var person = await store.LoadPersonAsync(personId, cancellationToken);
        if (person is null)
        {
            return null;
        }

        var request = new ErasePerson
        {
            ErasureId = Guid.NewGuid().ToString("N"),
            PersonId = person.Snapshot.Id,
            RequestedBy = user,
            Reason = reason,
            RequestedAt = time.GetUtcNow(),
        };
        // Who, when, which request: not whom (the person's id would outlive everything it stood for).
        await audit.WriteAsync(new AuditEntry(request.RequestedAt, user, NoPerson, AccessReasons.Erasure, $"erasure:{request.ErasureId}"), cancellationToken);
        await publisher.PublishAsync(bus, [new Outgoing<ErasePerson>(request, Guid.NewGuid())], cancellationToken);
        return request.ErasureId;
    }

    /// <summary>Where an erasure is: done (with what it removed), or on its way.</summary>
    public async Task<ErasureStatus> ErasureAsync(string erasureId, CancellationToken cancellationToken) =>
        await store.FindErasureAsync(erasureId, cancellationToken) is { } done
            ? new ErasureStatus(erasureId, true, done)
            : new ErasureStatus(erasureId, false, null);

    /// <summary>What the last retention runs did: the journeys' (journey role) and the audit log's (portal role).</summary>
    public async Task<RetentionStatus> RetentionAsync(CancellationToken cancellationToken)
    {
        var journeys = await store.ReadRetentionReportAsync(cancellationToken);
        var audits = await audit.ReadAsync(new AuditQuery(User: AuditRetention.User, Limit: 1), cancellationToken);
        return new RetentionStatus(journeys, audits.Count == 0 ? null : AuditRetention.ReportOf(audits[0]));
    }
}

/// <summary>An erasure: done or on its way, and what it removed once done.</summary>
public sealed record ErasureStatus(string ErasureId, bool Done, ErasureReport? Report);

/// <summary>The last retention runs: of the journeys, and of the audit log.</summary>
public sealed record RetentionStatus(RetentionReport? Journeys, AuditRetentionReport? AuditLog);
