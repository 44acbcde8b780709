using MassTransit;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Identity;
using Omnichannel.Domain.Metrics;
using Omnichannel.Hosting.Delivery;
using Omnichannel.Journey.Store;
using Omnichannel.Portal.Audit;
using Omnichannel.Portal.People;

namespace Omnichannel.Portal.Identity;

/// <summary>
/// The referents' decisions (docs/domain.md §2, decisions): previewed from the stored journeys with the
/// domain's own rules (the split and the engine the journey service applies), then, once confirmed with a
/// reason, written to the audit log and sent to the journey service, the one writer of people. Every look
/// at a person's journey is audited (reason <c>identity-review</c>).
/// </summary>
public sealed class IdentityDecisions(IJourneyReader store, JourneyClassifier classifier, IAuditLog audit, IDurablePublisher publisher, IBus bus, TimeProvider time)
{
    /// <summary>What the decision would do; null when a person it names is unknown.</summary>
    /// <exception cref="ArgumentException">The decision cannot apply to these people (an identifier that is not the person's...).</exception>
    public async Task<DecisionPreview?> PreviewAsync(ReadDecision request, string user, CancellationToken cancellationToken) =>
        (await PlanAsync(request, user, cancellationToken))?.Preview;

    /// <summary>The decision for the people as they are now, what it would do, and whom it concerns; each person looked at is audited.</summary>
    private async Task<Plan?> PlanAsync(ReadDecision request, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var journey = await store.LoadJourneyAsync(request.PersonId, cancellationToken);
        if (journey is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        await audit.WriteAsync(new AuditEntry(now, user, journey.Person.Snapshot.Id, AccessReasons.IdentityReview, "identity"), cancellationToken);
        if (request.Kind is IdentityDecisionKind.DismissClaim or IdentityDecisionKind.DismissConflict)
        {
            var snapshot = journey.Person.Snapshot;
            var exists = request.Kind == IdentityDecisionKind.DismissClaim
                ? journey.Interactions.Any(i => i.Key == request.Interaction && IdentityLinks.Informing(i.Identifiers, i.Channel).Contains(request.Identifiers[0]))
                : snapshot.Conflicts.Any(c => c.Identifier.Equals(request.Identifiers[0]));
            if (!exists)
            {
                throw request.Kind == IdentityDecisionKind.DismissClaim
                    ? new DecisionRefusedException($"No interaction of person {snapshot.Id} declares that identifier.", "aucune interaction de cet usager ne déclare cet identifiant.")
                    : new DecisionRefusedException($"Person {snapshot.Id} has no conflict on that identifier.", "cet usager n'a pas de conflit sur cet identifiant.");
            }

            return new Plan(Preview(request.Kind, [snapshot], [], []), Decision(request, snapshot, null, user, now), [snapshot.Id]);
        }

        if (request.Kind == IdentityDecisionKind.MarkShared)
        {
            var foreign = request.Identifiers.Where(i => !journey.Person.Snapshot.Identifiers.Contains(i)).ToList();
            if (foreign.Count > 0)
            {
                throw new DecisionRefusedException($"Only identifiers of person {journey.Person.Snapshot.Id} can be marked shared.", "seuls les identifiants de cet usager peuvent être marqués partagés.");
            }

            var marked = journey.Person.Snapshot with { SharedIdentifiers = [.. journey.Person.Snapshot.SharedIdentifiers.Union(request.Identifiers)] };
            return new Plan(Preview(request.Kind, [marked], [], []), Decision(request, journey.Person.Snapshot, null, user, now), [marked.Id]);
        }

        if (request.Kind == IdentityDecisionKind.Split)
        {
            var splitting = Decision(request, journey.Person.Snapshot, null, user, now);
            var split = PersonSplit.Apply(classifier, journey.Person.Snapshot, journey.Interactions, splitting);
            return new Plan(Preview(request.Kind, [split.Kept, .. split.Made], split.Changes, []), splitting, [journey.Person.Snapshot.Id]);
        }

        var other = await store.LoadJourneyAsync(request.OtherPersonId!, cancellationToken);
        if (other is null)
        {
            return null;
        }

        if (other.Person.Snapshot.Id == journey.Person.Snapshot.Id)
        {
            throw new DecisionRefusedException("Both ids lead to the same person: they are merged already.", "les deux références mènent au même usager : ils sont déjà fusionnés.");
        }

        await audit.WriteAsync(new AuditEntry(now, user, other.Person.Snapshot.Id, AccessReasons.IdentityReview, "identity"), cancellationToken);
        var decision = Decision(request, journey.Person.Snapshot, other.Person.Snapshot, user, now);
        var engine = new JourneyEngine(classifier);
        engine.Load(journey.Person.Snapshot);
        engine.Load(other.Person.Snapshot);
        var result = engine.Decide(decision);
        var refusals = result.Conflicts.Select(c => c.SeparatedBy is null
            ? $"Les deux usagers ont des identifiants « {Pages.Labels.Identifier(c.StrongType).ToLowerInvariant()} » différents : ils ne peuvent pas être une même personne."
            : $"Séparés par la décision {c.SeparatedBy} : seule une fusion par un référent les réunit.").Distinct().ToList();
        return new Plan(Preview(request.Kind, [.. engine.People.Select(JourneyEngine.Snapshot)], result.Changes, refusals), decision, [journey.Person.Snapshot.Id, other.Person.Snapshot.Id]);
    }

    /// <summary>Audits and sends the decision; returns its id. The journey service applies it in a moment.</summary>
    /// <exception cref="ArgumentException">The decision cannot apply to these people.</exception>
    public async Task<string?> ApplyAsync(ReadDecision request, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The same checks as a preview, on the people as they are now: a decision sent is one that applies.
        var plan = await PlanAsync(request, user, cancellationToken);
        if (plan is null)
        {
            return null;
        }

        if (plan.Preview.Refusals.Count > 0)
        {
            throw new DecisionRefusedException(string.Join(" ", plan.Preview.Refusals), string.Join(" ", plan.Preview.Refusals));
        }

        var decision = plan.Decision;
        foreach (var personId in plan.PersonIds)
        {
            await audit.WriteAsync(new AuditEntry(decision.DecidedAt, user, personId, AccessReasons.IdentityReview, $"decision:{decision.DecisionId}"), cancellationToken);
        }

        await publisher.PublishAsync(bus, [new Outgoing<ApplyIdentityDecision>(decision, Guid.NewGuid())], cancellationToken);
        return decision.DecisionId;
    }

    private static ApplyIdentityDecision Decision(ReadDecision request, PersonSnapshot person, PersonSnapshot? other, string user, DateTimeOffset now) => new()
    {
        DecisionId = Guid.NewGuid().ToString("N"),
        Kind = request.Kind,
        PersonId = request.Kind is IdentityDecisionKind.Split or IdentityDecisionKind.DismissClaim or IdentityDecisionKind.DismissConflict ? person.Id : null,
        Interaction = request.Interaction,
        // A merge links one identifier of each person: the engine merges their owners.
        Identifiers = request.Kind == IdentityDecisionKind.Merge ? [Anchor(person), Anchor(other!)] : request.Identifiers,
        DecidedBy = user,
        Reason = request.Reason ?? "",
        DecidedAt = now,
    };

    private static Identifier Anchor(PersonSnapshot person) =>
        IdentifierRules.Highest(person.Identifiers)
        ?? throw new DecisionRefusedException($"Person {person.Id} holds no identifier: nothing can link it.", "cet usager n'a aucun identifiant : rien ne peut le rattacher.");

    private DecisionPreview Preview(IdentityDecisionKind kind, IReadOnlyList<PersonSnapshot> people, IReadOnlyList<ClassificationChange> changes, IReadOnlyList<string> refusals)
    {
        var previewed = people.Select(p =>
        {
            var classified = classifier.Classify([.. p.Journey]);
            return new PreviewPerson(p.Id, [.. p.Identifiers], [.. p.Journey.Select((e, i) => new PreviewInteraction(
                KeyView.Of(e.Key), e.OccurredAt, e.Channel, e.Type, e.Subject?.Motive, classified[i]?.Kind))])
            {
                SharedIdentifiers = p.SharedIdentifiers,
            };
        }).ToList();
        return new DecisionPreview
        {
            Kind = kind,
            People = previewed,
            Figures = Figures(changes),
            Refusals = refusals,
            ClassificationChanges = changes.Count,
        };
    }

    /// <summary>The dashboard counts over the reclassified interactions, before and after, where they differ.</summary>
    private List<FigureChange> Figures(IReadOnlyList<ClassificationChange> changes)
    {
        if (changes.Count == 0)
        {
            return [];
        }

        var calculator = MetricsCalculator.Paris;
        var all = changes.SelectMany(c => c.Old is null ? [c.New] : new[] { c.Old, c.New }).ToList();
        var query = new MetricsQuery
        {
            From = all.Min(c => calculator.DayOf(c.OccurredAt)),
            To = all.Max(c => calculator.DayOf(c.OccurredAt)),
            AsOf = time.GetUtcNow(),
        };
        var before = calculator.Summarize(changes.Where(c => c.Old is not null).Select(c => c.Old!), query);
        var after = calculator.Summarize(changes.Select(c => c.New), query);
        return [.. MetricCatalogue.Metrics
            .Where(m => m.Unit == MetricUnit.Count && m.Value(before) != m.Value(after))
            .Select(m => new FigureChange(m.Name, m.Label, m.Value(before), m.Value(after)))];
    }

    /// <summary>A decision ready to send, what it would do, and the people it concerns.</summary>
    private sealed record Plan(DecisionPreview Preview, ApplyIdentityDecision Decision, IReadOnlyList<string> PersonIds);
}
