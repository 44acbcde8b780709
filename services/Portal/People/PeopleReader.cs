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
    public async Task<string?> FindAsync(Identifier identifier, CancellationToken cancellationToken) =>
        (await HolderAsync(identifier, cancellationToken))?.Snapshot.Id;

    /// <summary>
    /// The person an advisor's search by this identifier leads to: its holder, unless the identifier is shared
    /// (several citizens use it: its holder is not the citizen in front of the advisor, so nobody is found).
    /// </summary>
    /// <remarks>
    /// Nobody holding it, the identifier may still be a citizen's declared one (a phone typed on a signed-in
    /// portal form, docs/domain.md §2): the one person whose interactions declared it is found, marked
    /// declared, for the advisor to check who they talk to. Declared by several people, it leads to none.
    /// </remarks>
    public async Task<AdvisorSearch> FindForAdvisorAsync(Identifier identifier, CancellationToken cancellationToken)
    {
        var holder = await HolderAsync(identifier, cancellationToken);
        if (holder is not null)
        {
            return holder.Snapshot.SharedIdentifiers.Contains(identifier) ? new AdvisorSearch(null, Shared: true, Declared: false) : new AdvisorSearch(holder.Snapshot.Id, false, false);
        }

        var declaring = await store.FindDeclaringPeopleAsync(identifier, 2, cancellationToken);
        return declaring.Count switch
        {
            1 => new AdvisorSearch(declaring[0], Shared: false, Declared: true),
            0 => new AdvisorSearch(null, false, false),
            _ => new AdvisorSearch(null, Shared: true, Declared: true),
        };
    }

    private async Task<StoredPerson?> HolderAsync(Identifier identifier, CancellationToken cancellationToken)
    {
        var owners = await store.LoadOwnersAsync([identifier], cancellationToken);
        return owners.Count == 0 ? null : owners[0];
    }

    /// <summary>
    /// Who reaches out on a channel with these identifiers, as the journey service would place them
    /// (docs/domain.md §2): the owner of the highest-priority identifier that links, or null; and the
    /// people the declared ones claim (held by someone else), which open nothing.
    /// </summary>
    public async Task<(string? PersonId, IReadOnlyList<(Identifier Identifier, string PersonId)> Claims)> PlaceAsync(
        IReadOnlyList<Identifier> identifiers, Channel channel, CancellationToken cancellationToken)
    {
        var (linking, informing) = IdentityLinks.Partition(identifiers, channel);
        var (owners, shared) = await OwnersAsync([.. linking, .. informing], cancellationToken);
        // A shared identifier routes nobody (docs/domain.md §2): its holder is not the one calling.
        var personId = linking.Where(i => !shared.Contains(i)).Select(owners.GetValueOrDefault).FirstOrDefault(id => id is not null);
        List<(Identifier Identifier, string PersonId)> claims = [.. informing.Where(i => owners.TryGetValue(i, out var owner) && owner != personId).Select(i => (i, owners[i]))];
        if (personId is null && claims.Count == 0 && linking is [{ IsDeclared: true } address] && !owners.ContainsKey(address)
            && await store.FindDeclaringPeopleAsync(address, 2, cancellationToken) is [var declarer]
            && await store.LoadPersonAsync(declarer, cancellationToken) is { } person && IdentifierRules.Highest(person.Snapshot.Identifiers) is { } held)
        {
            // Nobody holds the caller's number, but one citizen declared it (on a signed-in form): a claim to
            // verify, tied to an identifier that citizen holds, so that a verification links them.
            claims.Add((held, person.Snapshot.Id));
        }

        return (personId, claims);
    }

    /// <summary>The holders of these identifiers, and which of them are shared.</summary>
    private async Task<(Dictionary<Identifier, string> Owners, HashSet<Identifier> Shared)> OwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<Identifier, string>();
        var shared = new HashSet<Identifier>();
        if (identifiers.Count == 0)
        {
            return (owners, shared);
        }

        foreach (var person in await store.LoadOwnersAsync(identifiers, cancellationToken))
        {
            foreach (var identifier in person.Snapshot.Identifiers)
            {
                owners[identifier] = person.Snapshot.Id;
            }

            shared.UnionWith(person.Snapshot.SharedIdentifiers);
        }

        return (owners, shared);
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
        return JourneyViewBuilder.Build(journey, personId, asOf ?? now, (await OwnersAsync(declared, cancellationToken)).Owners);
    }
}

/// <summary>Where an advisor's search by an identifier leads.</summary>
/// <param name="PersonId">The person found; null for nobody.</param>
/// <param name="Shared">Several citizens use it (shared, or declared by several): it leads to nobody in particular.</param>
/// <param name="Declared">Nobody holds it; the person found (or the several) only declared it.</param>
public sealed record AdvisorSearch(string? PersonId, bool Shared, bool Declared);
