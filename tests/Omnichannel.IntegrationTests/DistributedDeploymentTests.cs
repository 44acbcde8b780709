using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Metrics;
using Omnichannel.Hosting;
using Omnichannel.IntegrationTests.Infrastructure;
using Omnichannel.Journey.Stitching;
using Omnichannel.Journey.Store.Mongo;
using Omnichannel.Metrics;
using Omnichannel.Metrics.Store.Mongo;
using Omnichannel.Portal.Users;
using Omnichannel.Testing;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// Issue 18: the distributed deployment as the compose file runs it, in separate host processes on a
/// private RabbitMQ node and MongoDB: ingestion x2, journey x2, metrics x2, portal x1, every store on
/// MongoDB. The synthetic stream (shuffled, 5% duplicates, late links) is posted through both ingestion
/// processes while one journey and one metrics replica are killed (SIGKILL) and restarted; then the journeys,
/// the roll-ups and the advisor's API must say what one engine and the calculator say, and no queue may hold
/// anything but the poison message posted on purpose.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class DistributedDeploymentTests(BrokerNode node, MongoServer mongo) : IClassFixture<MongoServer>
{
    private const string AdvisorPassword = "distributed-advisor-password";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly MetricsCalculator Calculator = MetricsCalculator.Paris;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// 20,000 on a MongoDB server. The team's emulator scans every document for every query (its README),
    /// which makes a stream's cost grow with its square: there it runs 1,500, which proves the wiring and
    /// the protocols, not the scale.
    /// </summary>
    private int Interactions => mongo.IsEmulator ? 1_500 : 20_000;

    [Fact]
    public async Task Seven_processes_on_RabbitMQ_and_MongoDB_two_killed_and_restarted_give_one_engine_s_journeys_and_the_calculator_s_numbers()
    {
        node.SkipIfUnavailable();
        Assert.SkipWhen(mongo.Unavailable is not null, mongo.Unavailable ?? "");
        var virtualHost = await node.Node.AddVirtualHostAsync($"distributed-{Guid.NewGuid():N}");
        var databaseName = $"omnichannel-distributed-{Guid.NewGuid():N}";
        var folder = Directory.CreateTempSubdirectory("omnichannel-distributed-").FullName;
        using var client = new MongoClient(mongo.ConnectionString);
        var database = client.GetDatabase(databaseName);

        var stream = SyntheticStream.Generate(Interactions / 10, Interactions, seed: 18);
        var random = new Random(18);
        var posted = stream.Concat(stream.Where(_ => random.NextDouble() < 0.05)).ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(posted));
        var batches = EmbeddedProcess.Batches(posted, 50, random);

        var settings = Settings(virtualHost, databaseName, folder);
        var hosts = new Dictionary<string, List<HostProcess>>(StringComparer.Ordinal);
        try
        {
            foreach (var (role, count) in new[] { ("journey", 2), ("metrics", 2), ("ingestion", 2), ("portal", 1) })
            {
                hosts[role] = [];
                for (var i = 0; i < count; i++)
                {
                    hosts[role].Add(await HostProcess.StartAsync(With(settings, ("Roles", role))));
                }
            }

            // The poison: an interaction without identifiers, as a buggy publisher could put on the bus.
            await PublishPoisonAsync(virtualHost, stream[0] with { Id = "poison", Identifiers = [] });

            var ingestion = hosts["ingestion"].Select(h => new HttpClient { BaseAddress = new Uri(h.Address), Timeout = TimeSpan.FromSeconds(60) }).ToList();
            var posting = PostAllAsync(ingestion, batches);
            var interactions = database.GetCollection<BsonDocument>("interactions");

            // Mid-stream: one journey and one metrics replica are killed and started again.
            while (await interactions.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Cancel) < Interactions / 3)
            {
                Assert.False(posting.IsFaulted, posting.Exception?.ToString());
                await Task.Delay(200, Cancel);
            }

            var stored = await interactions.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Cancel);
            Assert.True(stored < Interactions, "The stream was all stored before replicas could be killed in the middle of it.");
            foreach (var role in new[] { "journey", "metrics" })
            {
                hosts[role][1].Kill();
                hosts[role][1].Dispose();
                hosts[role][1] = await HostProcess.StartAsync(With(settings, ("Roles", role)));
            }

            await posting;
            await WaitUntilSettledAsync(database, virtualHost);

            var expected = new JourneyEngine();
            foreach (var interaction in stream)
            {
                expected.Apply(interaction);
            }

            var classifications = await AssertJourneysAsync(database, expected);
            await AssertMetricsAsync(database, classifications, stream);
            await AssertAdvisorSeesAsync(hosts["portal"][0], expected, random);
            await AssertQueuesEmptyButThePoisonAsync(virtualHost);
            foreach (var http in ingestion)
            {
                http.Dispose();
            }
        }
        finally
        {
            foreach (var host in hosts.Values.SelectMany(h => h))
            {
                host.Dispose();
            }

            await client.DropDatabaseAsync(databaseName, CancellationToken.None);
            Directory.Delete(folder, recursive: true);
        }
    }

    private Dictionary<string, string?> Settings(string virtualHost, string database, string folder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "RabbitMq",
            ["RabbitMq:Port"] = node.Port.ToString(CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = virtualHost,
            ["Journey:Store"] = "MongoDb",
            ["Journey:BatchSize"] = "100",
            ["MongoDb:ConnectionString"] = mongo.ConnectionString,
            ["MongoDb:Database"] = database,
            ["Metrics:MongoLease"] = "00:00:03",
            ["Security:KeysPath"] = Path.Combine(folder, "keys"),
            ["Portal:Users:0:PasswordHash"] = UserDirectory.Hash(AdvisorPassword),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (channel, index) in Enum.GetValues<Channel>().Select((c, i) => (c, i)))
        {
            settings[$"Ingestion:ApiKeys:{index}:Key"] = EmbeddedProcess.KeyOf(channel.ToString());
            settings[$"Ingestion:ApiKeys:{index}:Source"] = channel.ToString();
            settings[$"Ingestion:ApiKeys:{index}:Channels:0"] = channel.ToString().ToLowerInvariant();
        }

        return settings;
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> settings, params (string Key, string Value)[] more)
    {
        var all = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in more)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>Every batch through one ingestion process or the other, each until it is answered 202.</summary>
    private static async Task PostAllAsync(List<HttpClient> ingestion, List<(string Source, byte[] Body, InteractionKey[] Keys)> batches)
    {
        var queue = new ConcurrentQueue<(int Index, (string Source, byte[] Body, InteractionKey[] Keys) Batch)>(batches.Select((b, i) => (i, b)));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var next))
            {
                for (var attempt = 0; ; attempt++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/interactions/batch") { Content = new ByteArrayContent(next.Batch.Body) };
                    request.Content.Headers.ContentType = new("application/json");
                    request.Headers.Add("X-Api-Key", EmbeddedProcess.KeyOf(next.Batch.Source));
                    using var response = await ingestion[(next.Index + attempt) % ingestion.Count].SendAsync(request, Cancel);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        break;
                    }

                    Assert.True(attempt < 20, $"A batch was refused 20 times: {response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
                    await Task.Delay(500, Cancel);
                }
            }
        }, Cancel)));
    }

    private async Task PublishPoisonAsync(string virtualHost, Interaction poison)
    {
        var publisher = await RoleHost.StartAsync(node, virtualHost, "ingestion", new Dictionary<string, string?>
        {
            ["Ingestion:ApiKeys:0:Key"] = "poison-key",
            ["Ingestion:ApiKeys:0:Source"] = "poison",
            ["Ingestion:ApiKeys:0:Channels:0"] = "phone",
        });
        try
        {
            var bus = publisher.Services.GetRequiredService<IBus>();
            await bus.Publish(new InteractionsRecorded { Interactions = [poison] }, c => c.MessageId = MessageIds.For([poison.Key]), Cancel);
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
            await publisher.DisposeAsync();
        }
    }

    /// <summary>Until every interaction is stored, every cause rolled up, no batch is in a slot's hand and the work queues are empty.</summary>
    private async Task WaitUntilSettledAsync(IMongoDatabase database, string virtualHost)
    {
        var interactions = database.GetCollection<BsonDocument>("interactions");
        var causes = database.GetCollection<BsonDocument>(MongoMetricsQueries.Causes);
        var slots = database.GetCollection<BsonDocument>(MongoMetricsQueries.Slots);
        var queues = new[] { StitchInteractionsConsumerDefinition.QueueName, StitchInteractionConsumerDefinition.QueueName, RollUpReclassificationsConsumerDefinition.QueueName };
        var deadline = DateTime.UtcNow.AddMinutes(mongo.IsEmulator ? 12 : 8);
        var state = "";
        while (DateTime.UtcNow < deadline)
        {
            var counts = (
                Stored: await interactions.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Cancel),
                Causes: await CausesStoredAsync(interactions),
                RolledUp: await causes.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Cancel),
                Pending: await slots.CountDocumentsAsync(Builders<BsonDocument>.Filter.Exists("pending"), cancellationToken: Cancel));
            var waiting = 0u;
            foreach (var queue in queues)
            {
                await using var probe = await BusProbe.OpenAsync(node.Port, queue, virtualHost);
                waiting += await probe.CountAsync();
            }

            state = $"{counts.Stored} of {Interactions} stored, {counts.RolledUp} of their {counts.Causes} causes rolled up, {counts.Pending} pending in slots, {waiting} waiting";
            if (counts.Stored == Interactions && counts.RolledUp == counts.Causes && counts.Pending == 0 && waiting == 0)
            {
                // The last repeats may still be in hand: let them finish, then look again.
                await Task.Delay(3_000, Cancel);
                if (await slots.CountDocumentsAsync(Builders<BsonDocument>.Filter.Exists("pending"), cancellationToken: Cancel) == 0)
                {
                    return;
                }
            }

            await Task.Delay(500, Cancel);
        }

        Assert.Fail($"Not settled in time: {state}; queues:\n{await node.Node.DescribeQueuesAsync(virtualHost)}");
    }

    /// <summary>
    /// The stored interactions that changed a classification when they were stitched: each is a cause the
    /// journey published, to be rolled up once. A visit or a plain notification that changed nothing is
    /// published as nothing (which of a contact and its acknowledgement changes the other depends on which
    /// came first, so the count depends on the order of arrival, not on the stream alone).
    /// </summary>
    private static async Task<long> CausesStoredAsync(IMongoCollection<BsonDocument> interactions)
    {
        var withChanges = Builders<BsonDocument>.Filter.Exists("reclassified.changes.0");
        return await interactions.CountDocumentsAsync(withChanges, cancellationToken: Cancel);
    }

    /// <summary>Every person, identifier, journey entry and classification equals one engine's; returns the stored classifications.</summary>
    private static async Task<List<InteractionClassification>> AssertJourneysAsync(IMongoDatabase database, JourneyEngine expected)
    {
        var store = new MongoJourneyStore(database, new JourneyClassifier(ReiterationWindows.Standard), TimeProvider.System);
        var live = await database.GetCollection<BsonDocument>("people").CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("mergedInto", BsonNull.Value), cancellationToken: Cancel);
        Assert.Equal(expected.People.Count, live);
        var classifications = new List<InteractionClassification>();
        foreach (var person in expected.People)
        {
            var owner = Assert.Single(await store.LoadOwnersAsync([person.Identifiers[0]], Cancel));
            var stored = (await store.LoadJourneyAsync(owner.Snapshot.Id, Cancel))!;
            Assert.Equal(person.Identifiers.Select(i => i.ToString()).Order(StringComparer.Ordinal), stored.Person.Snapshot.Identifiers.Select(i => i.ToString()).Order(StringComparer.Ordinal));
            Assert.Equal(person.Entries, stored.Person.Snapshot.Journey);
            Assert.Equal(expected.Classify(person).OfType<InteractionClassification>(), stored.Classifications);
            classifications.AddRange(stored.Classifications);
        }

        return classifications;
    }

    /// <summary>The roll-ups, read as the metrics API reads them, for the whole period, a channel, a motive prefix and a service.</summary>
    private static async Task AssertMetricsAsync(IMongoDatabase database, List<InteractionClassification> classifications, List<Interaction> stream)
    {
        var metrics = new MongoMetricsStore(database, Calculator, TimeProvider.System);
        var whole = new MetricsQuery
        {
            From = Calculator.DayOf(stream.Min(i => i.OccurredAt)),
            To = Calculator.DayOf(stream.Max(i => i.OccurredAt)),
            AsOf = stream.Max(i => i.OccurredAt).AddDays(3),
        };
        var busiest = stream.GroupBy(i => i.Channel).MaxBy(g => g.Count())!.Key;
        foreach (var query in new[] { whole, whole with { Channel = busiest }, whole with { Motive = "income-tax" }, whole with { Service = "SIP 7" } })
        {
            var want = Calculator.Summarize(classifications, query);
            var got = await metrics.SummarizeAsync(query, Cancel);
            Assert.True(want.Contacts > 0, $"{query} selects nothing");
            Assert.True(want with { MedianTimeToResolution = null, P90TimeToResolution = null } == got with { MedianTimeToResolution = null, P90TimeToResolution = null },
                $"{query}\nexpected {want}\nactual   {got}");
        }

        Assert.Equal(Calculator.ChannelSwitches(classifications, whole), await metrics.ChannelSwitchesAsync(whole, Cancel));
    }

    /// <summary>An advisor signed in on the portal finds people by an identifier and reads their whole journey.</summary>
    private static async Task AssertAdvisorSeesAsync(HostProcess portal, JourneyEngine expected, Random random)
    {
        using var advisor = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(portal.Address) };
        var page = await advisor.GetStringAsync("/connexion", Cancel);
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Identifiant"] = "conseiller",
            ["MotDePasse"] = AdvisorPassword,
            ["__RequestVerificationToken"] = EmbeddedHost.AntiforgeryTokenOf(page),
        }))
        using (var signIn = await advisor.PostAsync("/connexion", form, Cancel))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        foreach (var person in expected.People.OrderBy(_ => random.Next()).Take(25))
        {
            var identifier = person.Identifiers[random.Next(person.Identifiers.Count)];
            using var lookup = await advisor.SendAsync(EmbeddedHost.Lookup(WireNames.Of(identifier.Type), identifier.Value), Cancel);
            Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
            var personId = (await lookup.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("personId").GetString();
            var journey = await advisor.GetFromJsonAsync<JsonElement>($"/api/v1/people/{personId}/journey?reason=case-follow-up", Cancel);
            Assert.Equal(person.Entries.Select(e => e.Key.Id), journey.GetProperty("interactions").EnumerateArray().Select(i => i.GetProperty("key").GetProperty("id").GetString()));
        }
    }

    /// <summary>No message left in any queue of the deployment; the poison alone in its error queue.</summary>
    private async Task AssertQueuesEmptyButThePoisonAsync(string virtualHost)
    {
        var listing = await node.Node.DescribeQueuesAsync(virtualHost);
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var columns = line.Split('\t');
            if (columns.Length < 3 || !long.TryParse(columns[1], out var ready) || !long.TryParse(columns[2], out var unacknowledged))
            {
                continue;
            }

            var expectedCount = columns[0] == StitchInteractionConsumerDefinition.QueueName + "_error" ? 1 : 0;
            Assert.True(ready + unacknowledged == expectedCount, $"{columns[0]} holds {ready} ready and {unacknowledged} unacknowledged:\n{listing}");
        }

        await using var errors = await BusProbe.OpenAsync(node.Port, StitchInteractionConsumerDefinition.QueueName + "_error", virtualHost);
        var poison = Assert.Single(await errors.DrainWithHeadersAsync());
        Assert.Contains("poison", poison.Envelope.GetRawText(), StringComparison.Ordinal);
    }
}
