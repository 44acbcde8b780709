using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Omnichannel.Contracts;
using Omnichannel.Hosting;
using Omnichannel.IntegrationTests.Infrastructure;
using Omnichannel.Portal.Privacy;
using Omnichannel.Testing;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// docs/domain.md §6, erasure, on a distributed deployment: two journey replicas on RabbitMQ and MongoDB keep
/// consuming a stream (with the erased citizen's interactions posted again in it) while a data-protection
/// officer's erasure, sent by the portal role, runs; afterwards no collection holds anything of the person,
/// and every other interaction of the stream is stored.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class DistributedErasureTests(BrokerNode node, MongoServer mongo) : IClassFixture<MongoServer>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Day0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));

    private static Interaction Contact(string id, int day, Channel channel, params Identifier[] identifiers) => new()
    {
        Id = id, Source = "erasure", Channel = channel, Type = InteractionType.Contact, OccurredAt = Day0.AddDays(day),
        Identifiers = identifiers, Subject = new Subject { Motive = "income-tax.correction" },
    };

    private static readonly Interaction[] Erased =
    [
        Contact("de-web", 0, Channel.Web, new Identifier { Type = IdentifierType.AccountId, Value = "de-a1" }, new Identifier { Type = IdentifierType.TaxId, Value = "4545454545454" }),
        Contact("de-call", 1, Channel.Phone, new Identifier { Type = IdentifierType.Phone, Value = "+33645454545", Assurance = IdentifierAssurance.Declared }),
        Contact("de-link", 2, Channel.Web, new Identifier { Type = IdentifierType.AccountId, Value = "de-a1" }, new Identifier { Type = IdentifierType.Phone, Value = "+33645454545" }),
    ];

    private static readonly string[] ErasedValues = ["de-a1", "4545454545454", "+33645454545", "de-web", "de-call", "de-link"];

    /// <summary>The emulator scans every document per query: a short stream there, which proves the protocol, not the scale.</summary>
    private int StreamLength => mongo.IsEmulator ? 300 : 3_000;

    [Fact]
    public async Task An_erasure_while_two_journey_replicas_keep_consuming_leaves_nothing_of_the_person_in_any_collection()
    {
        node.SkipIfUnavailable();
        Assert.SkipWhen(mongo.Unavailable is not null, mongo.Unavailable ?? "");
        var virtualHost = await node.Node.AddVirtualHostAsync($"erasure-{Guid.NewGuid():N}");
        var databaseName = $"omnichannel-erasure-{Guid.NewGuid():N}";
        using var client = new MongoClient(mongo.ConnectionString);
        var database = client.GetDatabase(databaseName);
        var settings = new Dictionary<string, string?>
        {
            ["Journey:Store"] = "MongoDb",
            ["Journey:BatchSize"] = "20",
            ["MongoDb:ConnectionString"] = mongo.ConnectionString,
            ["MongoDb:Database"] = databaseName,
            ["Ingestion:ApiKeys:0:Key"] = "erasure-key",
            ["Ingestion:ApiKeys:0:Source"] = "erasure",
            ["Ingestion:ApiKeys:0:Channels:0"] = "phone",
        };
        var hosts = new List<WebApplication>();
        // In place of the metrics role's queue, which takes what the journey announces (the journey waits without one).
        await using var metrics = await BusProbe.CreateAsync(node.Port, exchange: "Omnichannel.Contracts:ContactsReclassifiedBatch", virtualHost: virtualHost);
        try
        {
            hosts.Add(await RoleHost.StartAsync(node, virtualHost, "journey", settings));
            hosts.Add(await RoleHost.StartAsync(node, virtualHost, "journey", settings));
            var portal = await RoleHost.StartAsync(node, virtualHost, "portal", settings);
            hosts.Add(portal);
            var publisher = await RoleHost.StartAsync(node, virtualHost, "ingestion", settings);
            hosts.Add(publisher);
            var bus = publisher.Services.GetRequiredService<IBus>();
            var interactions = database.GetCollection<BsonDocument>("interactions");

            foreach (var interaction in Erased)
            {
                await bus.Publish(new InteractionsRecorded { Interactions = [interaction] }, c => c.MessageId = MessageIds.For([interaction.Key]), Cancel);
            }

            await WaitForAsync(async () => await interactions.CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("_id.source", "erasure"), cancellationToken: Cancel) == Erased.Length, "the citizen's interactions stored");
            var people = portal.Services.GetRequiredService<Journey.Store.IJourneyReader>();
            var person = Assert.Single(await people.LoadOwnersAsync([new Identifier { Type = IdentifierType.AccountId, Value = "de-a1" }], Cancel)).Snapshot.Id;

            // The stream, with the erased citizen's interactions posted again in it, while the erasure runs.
            var stream = SyntheticStream.Generate(StreamLength / 10, StreamLength, seed: 20);
            var posted = stream.Concat(Erased).Concat(Erased).ToList();
            new Random(20).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(posted));
            var publishing = Task.Run(async () =>
            {
                foreach (var chunk in posted.Chunk(10))
                {
                    await bus.Publish(new InteractionsRecorded { Interactions = chunk }, c => c.MessageId = MessageIds.For(chunk.Select(i => i.Key)), Cancel);
                }
            }, Cancel);
            await WaitForAsync(async () => await interactions.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Cancel) > StreamLength / 10, "a tenth of the stream stored");
            var erasureId = await portal.Services.GetRequiredService<PrivacyRequests>().EraseAsync(person, "Demande 2026-0415", "dpo", Cancel);
            var storedWhenErasing = await interactions.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Cancel);
            Assert.True(storedWhenErasing < stream.Count, "The stream was all stored before the erasure was sent: nothing raced it.");
            await publishing;

            var erasures = database.GetCollection<BsonDocument>("erasures");
            await WaitForAsync(async () => await erasures.CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("_id", erasureId) & Builders<BsonDocument>.Filter.Eq("done", true), cancellationToken: Cancel) == 1, "the erasure done");
            await WaitForAsync(async () => await interactions.CountDocumentsAsync(Builders<BsonDocument>.Filter.Ne("_id.source", "erasure"), cancellationToken: Cancel) == stream.Count, "the whole stream stored");
            // Messages still in hand (the erased citizen's repeats) end on tombstones: let the queues drain.
            await WaitForAsync(async () => await WaitingAsync(virtualHost) == 0, "the queues empty");

            var text = new System.Text.StringBuilder();
            foreach (var name in await (await database.ListCollectionNamesAsync(cancellationToken: Cancel)).ToListAsync(Cancel))
            {
                foreach (var document in await database.GetCollection<BsonDocument>(name).Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(Cancel))
                {
                    text.Append(name).Append('|').Append(document.ToJson()).Append('\n');
                }
            }

            var dump = text.ToString();
            Assert.All(ErasedValues.Append(person), v => Assert.False(dump.Contains(v, StringComparison.Ordinal), $"{v} survives: {string.Join('\n', dump.Split('\n').Where(l => l.Contains(v, StringComparison.Ordinal)).Take(3))}"));
            Assert.Equal(stream.Count, await interactions.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Cancel));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync(CancellationToken.None);
                await host.DisposeAsync();
            }

            await client.DropDatabaseAsync(databaseName, CancellationToken.None);
        }
    }

    private async Task<uint> WaitingAsync(string virtualHost)
    {
        var waiting = 0u;
        foreach (var queue in new[] { Journey.Stitching.StitchInteractionsConsumerDefinition.QueueName, Journey.Stitching.StitchInteractionConsumerDefinition.QueueName, Journey.Erasure.ErasePersonConsumerDefinition.QueueName })
        {
            await using var probe = await BusProbe.OpenAsync(node.Port, queue, virtualHost);
            waiting += await probe.CountAsync();
        }

        return waiting;
    }

    private async Task WaitForAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(mongo.IsEmulator ? 6 : 3);
        while (DateTime.UtcNow < deadline)
        {
            if (await done())
            {
                return;
            }

            await Task.Delay(250, Cancel);
        }

        Assert.Fail($"Not in time: {what}.");
    }
}
