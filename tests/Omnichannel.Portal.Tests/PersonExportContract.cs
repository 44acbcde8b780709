using System.Text.Json;
using CsCheck;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Journey.Stitching;
using Omnichannel.Journey.Store;
using Omnichannel.Portal.Audit;
using Omnichannel.Portal.Privacy;
using Xunit;

namespace Omnichannel.Portal.Tests;

/// <summary>
/// docs/domain.md §6, right of access, as a property over generated scenarios with merges: a person's export holds
/// every interaction, identifier and audit entry of theirs, and nothing of anybody else. Run on each store.
/// </summary>
public abstract class PersonExportContract : IAsyncLifetime
{
    protected static readonly JourneyClassifier Classifier = new(ReiterationWindows.Standard);
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A new, empty journey store and audit log, initialized.</summary>
    protected abstract Task<(IJourneyStore Store, IAuditLog Audit)> CreateAsync();

    /// <summary>Scenarios per run (the MongoDB emulator is slow).</summary>
    protected virtual int Scenarios => 60;

    protected virtual void SkipIfUnavailable()
    {
    }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>One identifier of a small pool per type, so that interactions share them and people merge.</summary>
    private static readonly Gen<Identifier> Identifiers = Gen.OneOf(
        Gen.Int[0, 5].Select(i => new Identifier { Type = IdentifierType.AccountId, Value = $"acc-{i}" }),
        Gen.Int[0, 5].Select(i => new Identifier { Type = IdentifierType.Phone, Value = $"+3361111111{i}" }),
        Gen.Int[0, 5].Select(i => new Identifier { Type = IdentifierType.Email, Value = $"mail{i}@example.fr" }),
        Gen.Int[0, 5].Select(i => new Identifier { Type = IdentifierType.TaxId, Value = $"111111111111{i}" }));

    private static readonly Gen<(Identifier[] Identifiers, int Day, bool Declared)[]> Generated =
        Gen.Select(Identifiers.Array[1, 3], Gen.Int[0, 30], Gen.Bool).Array[1, 14];

    [Fact]
    public async Task An_export_holds_everything_of_the_person_and_nothing_of_anybody_else()
    {
        SkipIfUnavailable();
        await Generated.SampleAsync(async scenario =>
        {
            var (store, audit) = await CreateAsync();
            var stitcher = new JourneyStitcher(store, Classifier);
            var interactions = scenario.Select((s, i) => new Interaction
            {
                Id = $"i{i}",
                Source = "test",
                Channel = s.Declared ? Channel.Email : Channel.Web,
                Type = InteractionType.Contact,
                OccurredAt = Start.AddDays(s.Day),
                Identifiers = [.. s.Identifiers.DistinctBy(x => (x.Type, x.Value)).Select(x => s.Declared ? x with { Assurance = IdentifierAssurance.Declared } : x)],
                Subject = new Subject { Motive = "pas.rate" },
            }).ToList();
            var people = new Dictionary<string, string>();
            foreach (var interaction in interactions)
            {
                people[interaction.Id] = (await stitcher.StitchAsync(interaction, Cancel)).Reclassified.PersonId;
            }

            // Every person as the store has them now, and an advisor's opening of each record ever made.
            var survivors = new Dictionary<string, PersonJourney>();
            foreach (var id in people.Values.Distinct())
            {
                await audit.WriteAsync(new AuditEntry(Start, "camille", id, "callback", "page"), Cancel);
                var journey = (await store.LoadJourneyAsync(id, Cancel))!;
                survivors[journey.Person.Snapshot.Id] = journey;
            }

            var privacy = new PrivacyRequests(store, audit, null!, null!, TimeProvider.System);
            foreach (var (id, journey) in survivors)
            {
                var export = (await privacy.ExportAsync(id, "dpo", "test", Cancel))!;
                var json = JsonSerializer.Serialize(export);
                Assert.Equal(journey.Person.Snapshot.Identifiers.Select(i => $"{i.Type}:{i.Value}").Order(StringComparer.Ordinal), export.Identifiers.Select(i => $"{i.Type}:{i.Value}").Order(StringComparer.Ordinal));
                Assert.Equal(journey.Interactions.Select(i => i.Id).Order(StringComparer.Ordinal), export.Interactions.Select(i => i.Interaction.Id).Order(StringComparer.Ordinal));
                HashSet<string> records = [id, .. journey.MergedPersonIds];
                Assert.Equal(
                    people.Values.Distinct().Where(records.Contains).Order(StringComparer.Ordinal),
                    export.AuditEntries.Where(e => e.Reason == "callback").Select(e => e.PersonId).Order(StringComparer.Ordinal));
                Assert.Contains(export.AuditEntries, e => e.Reason == AccessReasons.DataExport && e.PersonId == id);

                // Nothing of anybody else: no other person's id, interaction, or identifier the person's own interactions do not carry.
                var theirs = new HashSet<string>(journey.Interactions.SelectMany(i => i.Identifiers).Select(i => i.Value));
                foreach (var (otherId, other) in survivors.Where(s => s.Key != id))
                {
                    Assert.DoesNotContain($"\"{otherId}\"", json, StringComparison.Ordinal);
                    Assert.All(other.MergedPersonIds, m => Assert.DoesNotContain($"\"{m}\"", json, StringComparison.Ordinal));
                    Assert.All(other.Interactions, i => Assert.DoesNotContain($"\"Id\":\"{i.Id}\"", json, StringComparison.Ordinal));
                    Assert.All(other.Person.Snapshot.Identifiers.Where(i => !theirs.Contains(i.Value)), i => Assert.DoesNotContain($"\"{i.Value}\"", json, StringComparison.Ordinal));
                }
            }
        }, iter: Scenarios);
    }
}
