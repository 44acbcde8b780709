using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Time.Testing;
using Omnichannel.Contracts;
using Omnichannel.Host.Demo;
using Omnichannel.Ingestion.Canonical;
using Omnichannel.IntegrationTests.Infrastructure;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Identity;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>The demo month: valid for the ingestion API, and shaped like a tax office's month.</summary>
public sealed class DemoTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) }, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [Fact]
    public void Every_interaction_of_the_demo_month_passes_the_ingestion_rules_unchanged()
    {
        var reader = new InteractionReader(new IdentifierNormalizer(), new FakeTimeProvider(End));
        var month = DemoMonth.Generate(300, End);

        foreach (var interaction in month)
        {
            var body = JsonSerializer.SerializeToNode(interaction, Json)!.AsObject();
            body.Remove("source");
            var read = reader.Read(JsonSerializer.SerializeToElement(body), interaction.Source);
            Assert.True(read.IsValid, $"{interaction.Id}: {string.Join("; ", read.Errors)}");
            Assert.Equal(interaction.Identifiers, read.Interaction!.Identifiers);
        }

        Assert.Equal(month.Count, month.Select(i => i.Key).Distinct().Count());
        Assert.All(month, i => Assert.InRange(i.OccurredAt, End.AddDays(-31), End));
        Assert.Equal(month.Select(i => i.Id), DemoMonth.Generate(300, End).Select(i => i.Id));
    }

    [Fact]
    public void The_demo_month_has_what_makes_timelines_and_dashboards_look_real()
    {
        var month = DemoMonth.Generate(300, End);
        var engine = new JourneyEngine();
        var results = month.Select(engine.Apply).ToList();
        var classifications = results.SelectMany(r => r.Changes).GroupBy(c => c.New.Key).Select(g => g.Last().New).ToList();

        Assert.Equal(Enum.GetValues<Channel>().ToHashSet(), month.Where(i => i.Type == InteractionType.Contact).Select(i => i.Channel).ToHashSet());
        Assert.Contains(month, i => i.Type == InteractionType.Notification && i.AnnouncedDeadline is not null);
        Assert.Contains(month, i => i.Type == InteractionType.Resolution);
        Assert.Contains(month, i => i.Outcome == Outcome.Abandoned);
        Assert.Contains(classifications, c => c.Kind == ContactKind.Reiteration && c.CrossChannel);
        Assert.Contains(classifications, c => c.Kind == ContactKind.Reiteration && !c.CrossChannel);
        Assert.Contains(classifications, c => c.DeadlineMetAt is not null);
        Assert.Contains(classifications, c => c.AnnouncedDeadline is not null && c.DeadlineMetAt is null);
        // Late links: people merged after each was stored apart.
        Assert.Contains(results, r => r.Absorbed.Count > 0);
        // Stitching brings most citizens' channels together: one person each, plus anonymous visitors.
        Assert.InRange(engine.People.Count(p => p.MergedInto is null), 250, 400);
    }
}

/// <summary>The embedded default with the demo month of 40 citizens posted at start.</summary>
public sealed class DemoHost : EmbeddedHost
{
    public const int Citizens = 40;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Demo:Run"] = "true";
        settings["Demo:Citizens"] = Citizens.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (source, channels, index) in new[] { ("portal", new[] { "web", "chat" }, 1), ("cti", ["phone"], 2), ("email-gateway", ["email"], 3), ("sms-gateway", ["sms"], 4) })
        {
            settings[$"Ingestion:ApiKeys:{index}:Key"] = $"demo-{source}";
            settings[$"Ingestion:ApiKeys:{index}:Source"] = source;
            for (var i = 0; i < channels.Length; i++)
            {
                settings[$"Ingestion:ApiKeys:{index}:Channels:{i}"] = channels[i];
            }
        }
    }
}

/// <summary>The demo goes through the real ingestion API and fills the journeys and the dashboards.</summary>
public sealed class DemoSeedingTests(DemoHost host) : IClassFixture<DemoHost>
{
    [Fact]
    public async Task The_demo_month_is_posted_through_the_ingestion_API_at_start_and_fills_the_dashboards()
    {
        var cancel = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        var expected = DemoMonth.Generate(DemoHost.Citizens, now).Count(i => i.Type == InteractionType.Contact);
        var manager = await host.SessionAsync(Omnichannel.Hosting.Security.OmnichannelRoles.Manager);
        var period = $"from={now.AddDays(-32):yyyy-MM-dd}&to={now.AddDays(1):yyyy-MM-dd}";

        var contacts = await EmbeddedHost.EventuallyAsync(async () =>
        {
            var summary = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonElement>(manager, $"/api/v1/metrics/summary?{period}", cancel);
            var count = summary.GetProperty("metrics").GetProperty("contacts").GetInt32();
            return count >= expected - 2 ? (object)count : null;
        }, cancel);

        Assert.InRange((int)contacts, expected - 2, expected + 2);
        var advisor = await host.SessionAsync(Omnichannel.Hosting.Security.OmnichannelRoles.Advisor);
        var citizen = DemoMonth.Generate(DemoHost.Citizens, now).First(i => i.Identifiers.Any(id => id.Type == IdentifierType.TaxId));
        var taxId = citizen.Identifiers.First(id => id.Type == IdentifierType.TaxId).Value;
        using var found = await advisor.SendAsync(EmbeddedHost.Lookup("taxId", taxId), cancel);
        Assert.Equal(System.Net.HttpStatusCode.OK, found.StatusCode);
    }
}
