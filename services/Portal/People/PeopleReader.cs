using Omnichannel.Contracts;
using Omnichannel.Hosting.Telemetry;
using Omnichannel.Domain.Identity;
using Omnichannel.Journey.Store;
using Omnichannel.Portal.Audit;

namespace Omnichannel.Portal.People;

/// <summary>
/// What advisors ask of the journey store, for the API and the pages alike: who holds an identifier, and a
/// person's history, written to the audit log before it is read.
/// </summary>
public sealed class PeopleReader(IJourneyReader store, IAuditLog audit, IdentifierNormalizer normalizer, TimeProvider time)
{
    /// <summary>The identifier types by the names DOMAIN.md gives them.</summary>
    public static IReadOnlyDictionary<string, IdentifierType> Types { get; } =
        Enum.GetValues<IdentifierType>().ToDictionary(WireNames.Of, StringComparer.Ordinal);

    /// <summary>Normalizes as ingestion does (<c>06 12 34 56 78</c> finds <c>+33612345678</c>).</summary>
    public NormalizationResult Normalize(IdentifierType type, string value, string path) =>
        normalizer.Normalize(new Identifier { Type = type, Value = value }, path);

    /// <summary>The person holding a normalized identifier, or null.</summary>
    public async Task<string?> FindAsync(Identifier identifier, CancellationToken cancellationToken)
    {
        var owners = await store.LoadOwnersAsync([identifier], cancellationToken);
        return owners.Count == 0 ? null : owners[0].Snapshot.Id;
    }

    /// <summary>
    /// Who reaches out on a channel with these identifiers, as the journey service would place them
    /// (docs/domain.md §2): the owner of the highest-priority identifier that links, or null; and the
    /// people the declared ones claim (held by someone else), which open nothing.
    /// </summary>
    public async Task<(string? PersonId, IReadOnlyList<(Identifier Identifier, string PersonId)> Claims)> PlaceAsync(
        IReadOnlyList<Identifier> identifiers, Channel channel, CancellationToken cancellationToken)
    {
        var linking = IdentityLinks.Linking(identifiers, channel);
        var informing = IdentityLinks.Informing(identifiers, channel);
        var owners = await OwnersAsync([.. linking, .. informing], cancellationToken);
        var personId = linking.Select(owners.GetValueOrDefault).FirstOrDefault(id => id is not null);
        return (personId, [.. informing.Where(i => owners.TryGetValue(i, out var owner) && owner != personId).Select(i => (i, owners[i]))]);
    }

    private async Task<Dictionary<Identifier, string>> OwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<Identifier, string>();
        if (identifiers.Count == 0)
        {
            return owners;
        }

        foreach (var person in await store.LoadOwnersAsync(identifiers, cancellationToken))
        {
            foreach (var identifier in person.Snapshot.Identifiers)
            {
                owners[identifier] = person.Snapshot.Id;
            }
        }

        return owners;
    }

    /// <summary>A person's history as of now (or <paramref name="asOf"/>), audited first; null when nobody has this id.</summary>
    public async Task<JourneyView?> OpenAsync(string personId, string user, string reason, string via, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var journey = await store.LoadJourneyAsync(personId, cancellationToken);
        if (journey is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        using var activity = OmnichannelTelemetry.StartStoreCall("audit-log", "write");
        await audit.WriteAsync(new AuditEntry(now, user, journey.Person.Snapshot.Id, reason, via), cancellationToken);
        var declared = journey.Interactions.SelectMany(i => IdentityLinks.Informing(i.Identifiers, i.Channel)).Distinct().ToList();
        return JourneyViewBuilder.Build(journey, personId, asOf ?? now, await OwnersAsync(declared, cancellationToken));
    }
}
