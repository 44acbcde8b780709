using MongoDB.Driver;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Identity;
using Q = Omnichannel.Journey.Store.Mongo.MongoJourneyQueries;

namespace Omnichannel.Journey.Store.Mongo;

/// <summary>
/// The journey store of the distributed way, on MongoDB without multi-document transactions. Each
/// document write is atomic; a write of several documents keeps the journeys right with three devices:
/// <list type="bullet">
/// <item>identifiers and interactions are keyed by their unique <c>_id</c>, and every person write expects
/// the version it loaded (optimistic concurrency), so a lost race is refused, never half-applied over another;</item>
/// <item>a merge first locks the people it absorbs (a lease other writers respect), claims the identifiers
/// it adds, then commits the survivor, which carries the rest of the write as <c>pending</c>;</item>
/// <item>an identifier belongs to a person only once that person's committed snapshot lists it: a claim
/// whose write was refused is withdrawn by that write, and one whose write stopped before its commit owns
/// nothing and is taken over once <see cref="ClaimLease"/> has run out;</item>
/// <item>the pending rest (redirects, interactions moved, the interaction recorded) is idempotent, and
/// whoever loads the survivor next finishes it, so a process that stops half way loses nothing.</item>
/// </list>
/// </summary>
internal sealed class MongoJourneyStore : IJourneyStore
{
    /// <summary>How long a merge may hold the people it absorbs; far above a write's duration.</summary>
    public static readonly TimeSpan MergeLease = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a claim on an identifier stays its write's. A write commits within half of it or gives up,
    /// so a claim older than this that no committed person lists is left by a write that stopped; another
    /// writer may take it (replicas' clocks must agree within half of it).
    /// </summary>
    public static readonly TimeSpan ClaimLease = MergeLease;

    private readonly IMongoCollection<PersonDocument> _people;
    private readonly IMongoCollection<IdentifierDocument> _identifiers;
    private readonly IMongoCollection<InteractionDocument> _interactions;
    private readonly IMongoCollection<CounterDocument> _counters;
    private readonly IMongoCollection<SettingDocument> _settings;
    private readonly IMongoCollection<DecisionDocument> _decisions;
    private readonly IMongoCollection<TombstoneDocument> _tombstones;
    private readonly IMongoCollection<ErasureDocument> _erasures;
    private readonly IMongoCollection<PromiseDocument> _promises;
    private readonly JourneyClassifier _classifier;
    private readonly TimeProvider _time;

    public MongoJourneyStore(IMongoDatabase database, JourneyClassifier classifier, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        _classifier = classifier;
        _people = database.GetCollection<PersonDocument>(Q.People);
        _identifiers = database.GetCollection<IdentifierDocument>(Q.Identifiers);
        _interactions = database.GetCollection<InteractionDocument>(Q.Interactions);
        _counters = database.GetCollection<CounterDocument>(Q.Counters);
        _settings = database.GetCollection<SettingDocument>(Q.Settings);
        _decisions = database.GetCollection<DecisionDocument>(Q.Decisions);
        _tombstones = database.GetCollection<TombstoneDocument>(Q.Tombstones);
        _erasures = database.GetCollection<ErasureDocument>(Q.Erasures);
        _promises = database.GetCollection<PromiseDocument>(Q.Promises);
        _time = time;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // Collections appear with their first document; the one secondary index is created here (idempotent).
        await _interactions.Indexes.CreateOneAsync(Q.InteractionsByPerson(), cancellationToken: cancellationToken);
        await _people.Indexes.CreateOneAsync(Q.PeopleBySurvivor(), cancellationToken: cancellationToken);
        await _interactions.Indexes.CreateOneAsync(Q.InteractionsByDeclared(), cancellationToken: cancellationToken);
        await _tombstones.Indexes.CreateOneAsync(Q.TombstonesExpiry(), cancellationToken: cancellationToken);
        await _decisions.Indexes.CreateOneAsync(Q.DecisionsByPerson(), cancellationToken: cancellationToken);
        await _promises.Indexes.CreateOneAsync(Q.PromisesByServiceAndDue(), cancellationToken: cancellationToken);
    }

    public Task RecordClassificationPolicyAsync(string policy, CancellationToken cancellationToken) =>
        _settings.ReplaceOneAsync(Q.SettingById(Q.ClassificationPolicy), new SettingDocument { Id = Q.ClassificationPolicy, Value = policy }, new ReplaceOptions { IsUpsert = true }, cancellationToken);

    public async Task<string?> ReadClassificationPolicyAsync(CancellationToken cancellationToken) =>
        (await _settings.Find(Q.SettingById(Q.ClassificationPolicy)).FirstOrDefaultAsync(cancellationToken))?.Value;

    public async Task<IReadOnlyDictionary<InteractionKey, ContactsReclassified>> FindRecordedAsync(IReadOnlyCollection<InteractionKey> interactions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var found = await _interactions.Find(Q.InteractionsIn(interactions)).ToListAsync(cancellationToken);
        return found.ToDictionary(d => new InteractionKey { Source = d.Id.Source, Id = d.Id.Id }, d => BsonJson.From<ContactsReclassified>(d.Reclassified));
    }

    public async Task<IReadOnlyList<StoredPerson>> ListPeopleWithConflictsAsync(int limit, CancellationToken cancellationToken)
    {
        var found = await _people.Find(Q.WithConflicts()).Sort(Q.ById()).Limit(limit).ToListAsync(cancellationToken);
        var people = new List<StoredPerson>(found.Count);
        foreach (var person in found)
        {
            if (await ResolveAsync(person.Id, cancellationToken) is { } resolved && resolved.Id == person.Id)
            {
                people.Add(ToStored(resolved));
            }
        }

        return people;
    }

    public async Task<IReadOnlyList<string>> FindDeclaringPeopleAsync(Identifier identifier, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var people = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var interaction in await _interactions.Find(Q.Declaring(identifier)).Sort(Q.InteractionsById()).Limit(limit * 4).ToListAsync(cancellationToken))
        {
            if (await ResolveAsync(interaction.PersonId, cancellationToken) is { } person)
            {
                people.Add(person.Id);
            }
        }

        return [.. people.Take(limit)];
    }

    public async Task<IReadOnlyList<StoredClaim>> ListClaimsAsync(int limit, CancellationToken cancellationToken)
    {
        var claims = new List<StoredClaim>();
        // Claims whose holder is the claimant's own person (linked since) are skipped: read a few pages if need be.
        for (var skip = 0; claims.Count < limit; skip += limit)
        {
            var page = await _interactions.Find(Q.Declaring()).Sort(Q.InteractionsById()).Skip(skip).Limit(limit).ToListAsync(cancellationToken);
            foreach (var interaction in page)
            {
                var claimant = await ResolveAsync(interaction.PersonId, cancellationToken);
                foreach (var declared in interaction.Declared ?? [])
                {
                    var identifier = new Identifier { Type = (IdentifierType)declared.Type, Value = declared.Value };
                    var holder = (await LoadOwnersAsync([identifier], cancellationToken)).FirstOrDefault();
                    if (claimant is not null && holder is not null && holder.Snapshot.Id != claimant.Id && claims.Count < limit)
                    {
                        claims.Add(new StoredClaim(new InteractionKey { Source = interaction.Id.Source, Id = interaction.Id.Id }, identifier, claimant.Id, holder.Snapshot.Id));
                    }
                }
            }

            if (page.Count < limit)
            {
                break;
            }
        }

        return claims;
    }

    public async Task<ContactsReclassified?> FindDecisionAsync(string decisionId, CancellationToken cancellationToken) =>
        await _decisions.Find(Q.DecisionById(decisionId)).FirstOrDefaultAsync(cancellationToken) is { } found
            ? BsonJson.From<ContactsReclassified>(found.Reclassified)
            : null;

    public async Task<IReadOnlyList<StoredPerson>> LoadOwnersAsync(IReadOnlyCollection<Identifier> identifiers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        var claims = await _identifiers.Find(Q.IdentifiersIn(identifiers)).ToListAsync(cancellationToken);
        var owners = new List<StoredPerson>();
        foreach (var held in claims.GroupBy(c => c.PersonId, StringComparer.Ordinal))
        {
            // A claim ahead of its person, or one its person's committed state does not list (a write that
            // stopped, or is still on its way, before its commit), owns nothing.
            if (await ResolveAsync(held.Key, cancellationToken) is { } person && ToStored(person) is var stored
                && held.Any(c => Lists(stored.Snapshot, c.Id)) && owners.TrueForAll(o => o.Snapshot.Id != person.Id))
            {
                owners.Add(stored);
            }
        }

        return owners;
    }

    public async Task<StoredPerson?> LoadPersonAsync(string personId, CancellationToken cancellationToken) =>
        await ResolveAsync(personId, cancellationToken) is { } person ? ToStored(person) : null;

    public async Task<PersonJourney?> LoadJourneyAsync(string personId, CancellationToken cancellationToken)
    {
        if (await ResolveAsync(personId, cancellationToken) is not { } person)
        {
            return null;
        }

        var stored = ToStored(person);
        var interactions = await _interactions.Find(Q.InteractionsOf([person.Id])).ToListAsync(cancellationToken);
        return PersonJourney.Read(stored, [.. interactions.Select(i => BsonJson.From<Interaction>(i.Interaction))], await MergedIntoAsync(person.Id, cancellationToken), _classifier);
    }

    public async Task<IReadOnlySet<InteractionKey>> FindTombstonedAsync(IReadOnlyCollection<InteractionKey> keys, Erasure.Tombstones tombstones, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(tombstones);
        if (keys.Count == 0)
        {
            return new HashSet<InteractionKey>();
        }

        var hashes = keys.Distinct().ToDictionary(tombstones.Of, k => k, StringComparer.Ordinal);
        var found = await _tombstones.Find(Q.TombstonesIn(hashes.Keys)).ToListAsync(cancellationToken);
        return found.Select(t => hashes[t.Id]).ToHashSet();
    }

    /// <summary>
    /// The erasure's record first (the people it erases, by opaque id), then the tombstones, then the person at
    /// the version it was loaded at (from then on nobody reaches it: a write that loaded it is refused), then
    /// everything that names one of its ids; last, the record is marked done. Each step may run twice: an
    /// erasure stopped half way is finished by the next attempt, which the record tells whom to erase.
    /// </summary>
    public async Task<ErasureReport> EraseAsync(PersonErasure erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        List<string> ids = [.. erasure.PersonIds];
        if (erasure.ErasureId is { } erasureId)
        {
            var record = await _erasures.FindOneAndUpdateAsync(Q.ErasureById(erasureId), Q.BeginErasure(erasure.At.UtcDateTime, erasure.RequestedBy, erasure.Reason, erasure.PersonIds),
                new FindOneAndUpdateOptions<ErasureDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After }, cancellationToken);
            if (record.Done)
            {
                return Report(record);
            }

            ids = [.. record.PersonIds];
        }

        var decisions = await _decisions.Find(Q.DecisionsOf(ids)).ToListAsync(cancellationToken);
        var interactions = await _interactions.Find(Q.InteractionsOf(ids)).ToListAsync(cancellationToken);
        if (erasure.Tombstones is { } tombstones)
        {
            var keys = erasure.Interactions
                .Concat(interactions.Select(i => new InteractionKey { Source = i.Id.Source, Id = i.Id.Id }))
                .Concat(decisions.Select(d => new InteractionKey { Source = ApplyIdentityDecision.DecisionSource, Id = d.Id }))
                .Distinct()
                .Select(tombstones.Of)
                .Select(hash => new UpdateOneModel<TombstoneDocument>(Q.TombstoneById(hash), Q.KeepUntil(erasure.TombstonesUntil.UtcDateTime)) { IsUpsert = true })
                .ToList();
            if (keys.Count > 0)
            {
                await _tombstones.BulkWriteAsync(keys, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
            }
        }

        if (erasure.ExpectedVersion is { } version)
        {
            if ((await _people.DeleteOneAsync(Q.PersonAtVersion(erasure.PersonId, version), cancellationToken)).DeletedCount != 1)
            {
                throw new ConcurrentChangeException($"person {erasure.PersonId} changed since version {version}");
            }
        }

        var people = (int)(await _people.DeleteManyAsync(Q.PeopleIn(ids), cancellationToken)).DeletedCount + (erasure.ExpectedVersion is null ? 0 : 1);
        var identifiers = (int)(await _identifiers.DeleteManyAsync(Q.IdentifiersOf(ids), cancellationToken)).DeletedCount;
        var removed = (int)(await _interactions.DeleteManyAsync(Q.InteractionsOf(ids), cancellationToken)).DeletedCount;
        var erasedKeys = erasure.Interactions.Concat(interactions.Select(i => new InteractionKey { Source = i.Id.Source, Id = i.Id.Id })).Distinct().ToList();
        if (erasedKeys.Count > 0)
        {
            await _promises.DeleteManyAsync(Q.PromisesOf(erasedKeys), cancellationToken);
        }

        var decided = (int)(await _decisions.DeleteManyAsync(Q.DecisionsOf(ids), cancellationToken)).DeletedCount;
        var report = new ErasureReport(erasure.ErasureId ?? "", erasure.At, people, removed, identifiers, decided) { RequestedBy = erasure.RequestedBy, Reason = erasure.Reason };
        if (erasure.ErasureId is not null)
        {
            await _erasures.UpdateOneAsync(Q.ErasureById(erasure.ErasureId), Q.FinishErasure(people, removed, identifiers, decided), cancellationToken: cancellationToken);
        }

        return report;
    }

    private static ErasureReport Report(ErasureDocument record) =>
        new(record.Id, new DateTimeOffset(DateTime.SpecifyKind(record.At, DateTimeKind.Utc)), record.People, record.Interactions, record.Identifiers, record.Decisions)
        {
            RequestedBy = record.RequestedBy,
            Reason = record.Reason,
        };

    /// <summary>The interactions leave first, then the snapshot's journey loses them: stopped between the two, the next run removes them again.</summary>
    public async Task ExpireAsync(InteractionExpiry expiry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expiry);
        var person = await _people.Find(Q.PersonAtVersion(expiry.PersonId, expiry.ExpectedVersion)).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ConcurrentChangeException($"person {expiry.PersonId} changed since version {expiry.ExpectedVersion}");
        var leaving = expiry.Interactions.ToHashSet();
        var snapshot = BsonJson.From<PersonSnapshot>(person.Snapshot);
        var kept = snapshot with { Journey = [.. snapshot.Journey.Where(e => !leaving.Contains(e.Key))] };
        await _interactions.DeleteManyAsync(Q.InteractionsOfPerson(expiry.Interactions, expiry.PersonId), cancellationToken);
        if (expiry.Interactions.Count > 0)
        {
            await _promises.DeleteManyAsync(Q.PromisesOf(expiry.Interactions), cancellationToken);
        }

        await ChangeOneAsync(_people.UpdateOneAsync(Q.PersonAtVersion(expiry.PersonId, expiry.ExpectedVersion), Q.ReplaceSnapshot(new PersonDocument { Snapshot = BsonJson.ToDocument(kept) }), cancellationToken: cancellationToken),
            $"person {expiry.PersonId} changed since version {expiry.ExpectedVersion}");
    }

    public async Task<IReadOnlyList<StoredPromise>> ListPromisesAsync(string service, DateTimeOffset after, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        var promises = await _promises.Find(Q.PromisesDue(service, after.UtcTicks, until.UtcTicks)).Sort(Q.SoonestFirst()).Limit(limit).ToListAsync(cancellationToken);
        if (promises.Count == 0)
        {
            return [];
        }

        var keys = promises.Select(p => new InteractionKey { Source = p.Id.Source, Id = p.Id.Id }).Distinct().ToList();
        var holders = (await _interactions.Find(Q.InteractionsIn(keys)).ToListAsync(cancellationToken))
            .ToDictionary(i => new InteractionKey { Source = i.Id.Source, Id = i.Id.Id }, i => i.PersonId);
        return [.. promises
            .Select(p => (Promise: p, Key: new InteractionKey { Source = p.Id.Source, Id = p.Id.Id }))
            .Where(p => holders.ContainsKey(p.Key))
            .Select(p => new StoredPromise(p.Key, (Domain.Metrics.TimeVerdict)p.Promise.Id.Verdict, new DateTimeOffset(p.Promise.Due, TimeSpan.Zero), p.Promise.Service, holders[p.Key]))];
    }

    /// <summary>The promises a write's classifications open, as the pending write carries them; null for none.</summary>
    private static List<PromiseDocument>? PromisesOf(JourneyWrite write) =>
        StoredPromise.OpenedBy(write).Select(Q.PromiseOf).ToList() is { Count: > 0 } promises ? promises : null;

    public async Task<IReadOnlyList<string>> ListPeopleAsync(string? after, int limit, CancellationToken cancellationToken) =>
        await _people.Find(Q.LivePeopleAfter(after)).Sort(Q.ById()).Limit(limit).Project(p => p.Id).ToListAsync(cancellationToken);

    public async Task<int> PurgeTombstonesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var ended = await _tombstones.Find(Q.TombstonesBefore(now.UtcDateTime)).Limit(limit).ToListAsync(cancellationToken);
        return ended.Count == 0 ? 0 : (int)(await _tombstones.DeleteManyAsync(Q.TombstonesIn(ended.Select(t => t.Id)), cancellationToken)).DeletedCount;
    }

    public async Task<byte[]> GetOrCreateSecretAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _settings.UpdateOneAsync(Q.SettingById(name), Q.SetOnInsert(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))),
                new UpdateOptions { IsUpsert = true }, cancellationToken);
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // Two replicas made it at once: the other's is kept, and read below.
        }
        return Convert.FromBase64String((await _settings.Find(Q.SettingById(name)).FirstAsync(cancellationToken)).Value);
    }

    public Task RecordRetentionReportAsync(Retention.RetentionReport report, CancellationToken cancellationToken) =>
        _settings.ReplaceOneAsync(Q.SettingById(Q.RetentionReport), new SettingDocument { Id = Q.RetentionReport, Value = System.Text.Json.JsonSerializer.Serialize(report, ReportJson) },
            new ReplaceOptions { IsUpsert = true }, cancellationToken);

    public async Task<Retention.RetentionReport?> ReadRetentionReportAsync(CancellationToken cancellationToken) =>
        await _settings.Find(Q.SettingById(Q.RetentionReport)).FirstOrDefaultAsync(cancellationToken) is { } found
            ? System.Text.Json.JsonSerializer.Deserialize<Retention.RetentionReport>(found.Value, ReportJson)
            : null;

    private static readonly System.Text.Json.JsonSerializerOptions ReportJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<ApplyIdentityDecision>> ListDecisionsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        var found = await _decisions.Find(Q.DecisionsOf(personIds)).ToListAsync(cancellationToken);
        return [.. found.Select(d => BsonJson.From<ApplyIdentityDecision>(d.Decision)).OrderBy(d => d.DecidedAt).ThenBy(d => d.DecisionId, StringComparer.Ordinal)];
    }

    public async Task<ErasureReport?> FindErasureAsync(string erasureId, CancellationToken cancellationToken) =>
        await _erasures.Find(Q.ErasureById(erasureId)).FirstOrDefaultAsync(cancellationToken) is { Done: true } record ? Report(record) : null;

    /// <summary>Everyone merged into this survivor, level by level (a chain of merges is short).</summary>
    private async Task<List<string>> MergedIntoAsync(string survivorId, CancellationToken cancellationToken)
    {
        var merged = new List<string>();
        List<string> level = [survivorId];
        while (level.Count > 0)
        {
            level = await _people.Find(Q.MergedInto(level)).Project(p => p.Id).ToListAsync(cancellationToken);
            merged.AddRange(level);
        }

        merged.Sort(StringComparer.Ordinal);
        return merged;
    }

    private async Task<long> NextCreationSequenceAsync(CancellationToken cancellationToken)
    {
        var counter = await _counters.FindOneAndUpdateAsync(Q.Counter(Q.PersonSequence), Q.Increment(),
            new FindOneAndUpdateOptions<CounterDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After }, cancellationToken);
        return counter.Value;
    }

    /// <summary>
    /// One commit point per person: conflict notices first, then, for each survivor in creation order,
    /// its merge locks, its identifier claims, its commit carrying the pending rest, and that rest.
    /// A survivor written before another's race was lost stays written; applying the batch again finds
    /// its interactions recorded.
    /// </summary>
    public async Task SaveAsync(JourneyWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (write.Moved.Count > 0 || write.People.Count(p => p.ExpectedVersion is not null) == 1 && write.Decisions.Any(d => d.Decision.Kind == IdentityDecisionKind.Split))
        {
            await SaveSplitAsync(write, cancellationToken);
            return;
        }

        bool CarriesRecords(PersonWrite p) => write.Interactions.Any(i => i.PersonId == p.Person.Id) || write.Decisions.Any(d => d.PersonId == p.Person.Id);
        foreach (var notice in write.People.Where(p => !p.JourneyChanged && p.ExpectedVersion is not null && !CarriesRecords(p)))
        {
            await ChangeOneAsync(_people.UpdateOneAsync(Q.PersonAtVersion(notice.Person.Id, notice.ExpectedVersion!.Value), Q.ReplaceSnapshot(new PersonDocument { Snapshot = BsonJson.ToDocument(notice.Person) }), cancellationToken: cancellationToken),
                $"person {notice.Person.Id} changed since version {notice.ExpectedVersion}");
        }

        foreach (var survivor in write.People.Where(p => p.JourneyChanged || p.ExpectedVersion is null || CarriesRecords(p)).OrderBy(p => p.Person.CreationSequence))
        {
            await SaveSurvivorAsync(
                survivor, [.. write.Absorbed.Where(a => a.SurvivorId == survivor.Person.Id)], [.. write.Interactions.Where(i => i.PersonId == survivor.Person.Id)],
                [.. write.Decisions.Where(d => d.PersonId == survivor.Person.Id)], cancellationToken);
        }
    }

    private async Task SaveSurvivorAsync(PersonWrite survivor, List<AbsorbedPerson> absorbedPeople, List<RecordedInteraction> recorded, List<RecordedDecision> decisions, CancellationToken cancellationToken)
    {
        var id = survivor.Person.Id;
        var person = survivor.ExpectedVersion is null ? survivor.Person with { CreationSequence = await NextCreationSequenceAsync(cancellationToken) } : survivor.Person;
        var pending = new PendingWrite
        {
            Id = Guid.NewGuid().ToString("N"),
            Interactions = [.. recorded.Select(r => new InteractionDocument
            {
                Id = Q.KeyOf(r.Interaction.Key),
                PersonId = id,
                Interaction = BsonJson.ToDocument(r.Interaction),
                Reclassified = BsonJson.ToDocument(r.Reclassified),
                Declared = IdentityLinks.Informing(r.Interaction.Identifiers, r.Interaction.Channel) is { Count: > 0 } declared ? [.. declared.Select(Q.KeyOf)] : null,
            })],
            Absorbed = [.. absorbedPeople.Select(a => a.PersonId)],
            Promises = PromisesOf(new JourneyWrite(recorded, [], []) { Decisions = decisions }),
            Decisions = decisions.Count == 0 ? null : [.. decisions.Select(d => new DecisionDocument
            {
                Id = d.Decision.DecisionId,
                PersonId = id,
                Decision = BsonJson.ToDocument(d.Decision),
                Reclassified = BsonJson.ToDocument(d.Reclassified),
            })],
        };
        var document = new PersonDocument
        {
            Id = id,
            CreationSequence = person.CreationSequence,
            Version = 1,
            Snapshot = BsonJson.ToDocument(person),
            Pending = pending,
        };
        var locked = new List<string>();
        var claiming = false;
        var start = _time.GetUtcNow().UtcDateTime;
        try
        {
            foreach (var absorbed in absorbedPeople.OrderBy(a => a.PersonId, StringComparer.Ordinal))
            {
                await ChangeOneAsync(_people.UpdateOneAsync(Q.PersonAtVersion(absorbed.PersonId, absorbed.Version), Q.LockForMerge(id, start), cancellationToken: cancellationToken),
                    $"person {absorbed.PersonId} changed since version {absorbed.Version}");
                locked.Add(absorbed.PersonId);
            }

            claiming = true;
            await ClaimIdentifiersAsync(person, [id, .. locked], pending.Id, start, cancellationToken);
            if (_time.GetUtcNow().UtcDateTime - start > ClaimLease / 2)
            {
                // Paused past half the lease: its locks and claims may be someone else's by now.
                throw new ConcurrentChangeException($"the write of person {id} took too long to commit");
            }

            if (survivor.ExpectedVersion is { } expected)
            {
                await ChangeOneAsync(_people.UpdateOneAsync(Q.PersonAtVersion(id, expected), Q.CommitSurvivor(document), cancellationToken: cancellationToken),
                    $"person {id} changed since version {expected}");
            }
            else
            {
                await InsertAsync(_people, document, $"person {id} already exists", cancellationToken);
            }
        }
        catch (ConcurrentChangeException) when (claiming || locked.Count > 0)
        {
            // Refused, so not committed: withdraw what it took. (A write that failed otherwise may have
            // committed unseen; what it took is then judged by the committed snapshot, and its leases.)
            if (claiming)
            {
                await _identifiers.DeleteManyAsync(Q.ClaimsOf(person.Identifiers, pending.Id), CancellationToken.None);
            }

            await _people.UpdateManyAsync(Q.LockedBy(locked, id), Q.ReleaseLock(), cancellationToken: CancellationToken.None);
            throw;
        }

        await FinishAsync(id, pending, cancellationToken);
    }

    /// <summary>
    /// A split: the people it makes are written first (unreachable until their identifiers are re-pointed:
    /// each identifier's document still names the split person, whose committed snapshot lists it), then the
    /// split person commits its new state carrying the moves as pending, which whoever loads it finishes:
    /// identifiers re-pointed, interactions moved, the decision recorded. A split that stopped before its
    /// commit left people nothing reaches; applying it again writes them over.
    /// </summary>
    private async Task SaveSplitAsync(JourneyWrite write, CancellationToken cancellationToken)
    {
        var kept = write.People.Single(p => p.ExpectedVersion is not null);
        foreach (var made in write.People.Where(p => p.ExpectedVersion is null).OrderBy(p => p.Person.CreationSequence))
        {
            var person = made.Person with { CreationSequence = await NextCreationSequenceAsync(cancellationToken) };
            var madeDocument = new PersonDocument { Id = person.Id, CreationSequence = person.CreationSequence, Version = 1, Snapshot = BsonJson.ToDocument(person) };
            try
            {
                await _people.ReplaceOneAsync(Q.UntouchedSplitPerson(person.Id), madeDocument, new ReplaceOptions { IsUpsert = true }, cancellationToken);
            }
            catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                throw new ConcurrentChangeException($"person {person.Id} exists and was written since the split made it");
            }
        }

        var id = kept.Person.Id;
        var now = _time.GetUtcNow().UtcDateTime;
        var pending = new PendingWrite
        {
            Id = Guid.NewGuid().ToString("N"),
            CommittedAt = now,
            IdentifierMoves = [.. write.People.Where(p => p.ExpectedVersion is null).SelectMany(p => p.Person.Identifiers.Select(i => new IdentifierMoveDocument { Id = Q.KeyOf(i), To = p.Person.Id }))],
            InteractionMoves = [.. write.Moved.Select(m => new InteractionMoveDocument { Id = Q.KeyOf(m.Key), To = m.ToPersonId })],
            Promises = PromisesOf(write),
            Decisions = [.. write.Decisions.Select(d => new DecisionDocument
            {
                Id = d.Decision.DecisionId,
                PersonId = id,
                Decision = BsonJson.ToDocument(d.Decision),
                Reclassified = BsonJson.ToDocument(d.Reclassified),
            })],
        };
        var document = new PersonDocument { Id = id, Snapshot = BsonJson.ToDocument(kept.Person), Pending = pending };
        await ChangeOneAsync(_people.UpdateOneAsync(Q.PersonAtVersion(id, kept.ExpectedVersion!.Value), Q.CommitSurvivor(document), cancellationToken: cancellationToken),
            $"person {id} changed since version {kept.ExpectedVersion}");
        await FinishAsync(id, pending, cancellationToken);
    }

    /// <summary>The rest of a committed write; every step may run twice.</summary>
    private async Task FinishAsync(string survivor, PendingWrite pending, CancellationToken cancellationToken)
    {
        if (pending.Absorbed.Count > 0)
        {
            await _people.UpdateManyAsync(Q.LockedBy(pending.Absorbed, survivor), Q.FinishMerge(survivor), cancellationToken: cancellationToken);
            await _interactions.UpdateManyAsync(Q.InteractionsOf(pending.Absorbed), Q.MoveTo(survivor), cancellationToken: cancellationToken);
        }

        if (pending.Interactions.Count > 0)
        {
            try
            {
                await _interactions.InsertManyAsync(pending.Interactions, new InsertManyOptions { IsOrdered = false }, cancellationToken);
            }
            catch (MongoBulkWriteException e) when (e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey))
            {
                // Finished before, in part or whole, by another loader.
            }
        }

        foreach (var move in pending.IdentifierMoves ?? [])
        {
            await _identifiers.UpdateOneAsync(Q.MovableSince(move.Id, pending.CommittedAt!.Value), Q.MoveIdentifier(move.To, pending.Id, pending.CommittedAt!.Value), cancellationToken: cancellationToken);
        }

        foreach (var move in pending.InteractionMoves ?? [])
        {
            await _interactions.UpdateOneAsync(Q.InteractionOf(move.Id, survivor), Q.MoveTo(move.To), cancellationToken: cancellationToken);
        }

        if (pending.Decisions is { Count: > 0 } decisions)
        {
            try
            {
                await _decisions.InsertManyAsync(decisions, new InsertManyOptions { IsOrdered = false }, cancellationToken);
            }
            catch (MongoBulkWriteException e) when (e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey))
            {
                // Finished before by another loader.
            }
        }

        if (pending.Promises is { Count: > 0 } promises)
        {
            await _promises.BulkWriteAsync(promises.Select(Q.RecordPromise), new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        }

        var cleared = await _people.UpdateOneAsync(Q.PendingFor(survivor, pending.Id), Q.ClearPending(), cancellationToken: cancellationToken);
        if (cleared.MatchedCount == 0 && pending.Interactions.Count > 0 && !await _people.Find(Q.PersonById(survivor)).AnyAsync(cancellationToken))
        {
            // The survivor was erased while this finished its write late: what this recorded goes with it.
            var recorded = pending.Interactions.Select(i => new InteractionKey { Source = i.Id.Source, Id = i.Id.Id }).ToList();
            await _interactions.DeleteManyAsync(Q.InteractionsOfPerson(recorded, survivor), cancellationToken);
            await _promises.DeleteManyAsync(Q.PromisesOf(recorded), cancellationToken);
        }
    }

    /// <summary>The person a person id stands for now: redirects followed, a pending write finished first.</summary>
    /// <exception cref="ConcurrentChangeException">The person is being merged by another writer.</exception>
    private async Task<PersonDocument?> ResolveAsync(string personId, CancellationToken cancellationToken)
    {
        var id = personId;
        for (var hops = 0; hops < 64; hops++)
        {
            var person = await _people.Find(Q.PersonById(id)).FirstOrDefaultAsync(cancellationToken);
            if (person is null)
            {
                return null;
            }

            if (person.Pending is { } pending)
            {
                await FinishAsync(person.Id, pending, cancellationToken);
                continue;
            }

            if (person.MergedInto is { } next)
            {
                id = next;
                continue;
            }

            if (person.MergingInto is { } survivorId)
            {
                // A merge under way, or committed by a writer that stopped before this person became a
                // redirect (the survivor's pending write names it): finish it, whatever the lease says.
                if (await _people.Find(Q.PersonById(survivorId)).FirstOrDefaultAsync(cancellationToken) is { Pending: { } merge } && merge.Absorbed.Contains(person.Id))
                {
                    await FinishAsync(survivorId, merge, cancellationToken);
                    continue;
                }

                if (person.MergingSince > _time.GetUtcNow().UtcDateTime - MergeLease)
                {
                    throw new ConcurrentChangeException($"person {person.Id} is being merged into {survivorId}");
                }
            }

            return person;
        }

        throw new InvalidOperationException($"Person {personId} redirects in a loop.");
    }

    /// <summary>Claims the identifiers the survivor adds: new ones, and those whose claim was left by a stopped write.</summary>
    /// <exception cref="ConcurrentChangeException">An identifier is someone else's, or another write's still in flight.</exception>
    private async Task ClaimIdentifiersAsync(PersonSnapshot person, IReadOnlyList<string> writers, string writeId, DateTime now, CancellationToken cancellationToken)
    {
        var claims = person.Identifiers
            .Select(i => new UpdateOneModel<IdentifierDocument>(Q.ClaimableBy(i, writers), Q.Claim(person.Id, writeId, now)) { IsUpsert = true })
            .ToList();
        if (claims.Count == 0)
        {
            // A person of its own holds nothing (a letter with declared identifiers only): nothing to claim.
            return;
        }

        try
        {
            await _identifiers.BulkWriteAsync(claims, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        }
        catch (MongoBulkWriteException e) when (e.WriteConcernError is null && e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey))
        {
            foreach (var refused in e.WriteErrors)
            {
                if (!await HeldOrTakenOverAsync(person.Identifiers[refused.Index], person.Id, writers, writeId, now, cancellationToken))
                {
                    throw new ConcurrentChangeException($"an identifier of person {person.Id} now belongs to another person");
                }
            }
        }
    }

    /// <summary>
    /// True for an identifier the write holds through a chain of merges (its document names a person merged,
    /// long ago, into the survivor or a person it absorbs), or whose claim no committed person lists and whose
    /// lease ran out (taken over now); false if it is someone else's, or another write's still in flight.
    /// </summary>
    private async Task<bool> HeldOrTakenOverAsync(Identifier identifier, string survivorId, IReadOnlyList<string> writers, string writeId, DateTime now, CancellationToken cancellationToken)
    {
        var claim = await _identifiers.Find(Q.IdentifierById(identifier)).FirstOrDefaultAsync(cancellationToken);
        if (claim is null)
        {
            return false;
        }

        var holder = await RedirectedAsync(claim.PersonId, cancellationToken);
        if (holder is not null && writers.Contains(holder, StringComparer.Ordinal))
        {
            return true;
        }

        if (claim.ClaimedAt > now - ClaimLease)
        {
            return false;
        }

        if (holder is not null && await ResolveAsync(holder, cancellationToken) is { } person && Lists(ToStored(person).Snapshot, claim.Id))
        {
            return false;
        }

        return (await _identifiers.UpdateOneAsync(Q.ClaimAsRead(claim), Q.TakeOver(survivorId, writeId, now), cancellationToken: cancellationToken)).MatchedCount == 1;
    }

    /// <summary>The person a person id leads to through redirects alone (no pending write finished, no lease looked at); null if none is stored.</summary>
    private async Task<string?> RedirectedAsync(string personId, CancellationToken cancellationToken)
    {
        var id = personId;
        for (var hops = 0; hops < 64; hops++)
        {
            var person = await _people.Find(Q.PersonById(id)).FirstOrDefaultAsync(cancellationToken);
            if (person?.MergedInto is not { } next)
            {
                return person is null ? null : id;
            }

            id = next;
        }

        throw new InvalidOperationException($"Person {personId} redirects in a loop.");
    }

    private static bool Lists(PersonSnapshot person, IdentifierKeyDocument key) =>
        person.Identifiers.Any(i => (int)i.Type == key.Type && string.Equals(i.Value, key.Value, StringComparison.Ordinal));

    private static StoredPerson ToStored(PersonDocument person) => new(BsonJson.From<PersonSnapshot>(person.Snapshot), person.Version);

    private static async Task ChangeOneAsync(Task<UpdateResult> update, string lost)
    {
        if ((await update).MatchedCount != 1)
        {
            throw new ConcurrentChangeException(lost);
        }
    }

    private static async Task InsertAsync<T>(IMongoCollection<T> collection, T document, string lost, CancellationToken cancellationToken)
    {
        try
        {
            await collection.InsertOneAsync(document, cancellationToken: cancellationToken);
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new ConcurrentChangeException(lost);
        }
    }
}
