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

    /// <summary>The person among these identifiers' owners who holds the highest-priority one (DOMAIN §2), or null.</summary>
    public async Task<string?> FindAsync(IReadOnlyList<Identifier> identifiers, CancellationToken cancellationToken)
    {
        var owners = await store.LoadOwnersAsync(identifiers, cancellationToken);
        return identifiers.OrderBy(i => i.Type)
            .Select(identifier => owners.FirstOrDefault(o => o.Snapshot.Identifiers.Contains(identifier))?.Snapshot.Id)
            .FirstOrDefault(id => id is not null);
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
        return JourneyViewBuilder.Build(journey, personId, asOf ?? now);
    }
}
