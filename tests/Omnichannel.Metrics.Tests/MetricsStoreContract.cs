using Omnichannel.Contracts;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Metrics;
using Omnichannel.Metrics.Store;
using Omnichannel.Testing;
using Xunit;

namespace Omnichannel.Metrics.Tests;

/// <summary>
/// What every roll-up store must do, run against each (SQLite always, MongoDB on the test server): answer
/// every query exactly as the calculator does on the classifications themselves, whatever the order,
/// repeats and batches of the messages, each cause once.
/// </summary>
public abstract class MetricsStoreContract : IAsyncLifetime
{
    protected static readonly MetricsCalculator Calculator = MetricsCalculator.Paris;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The store under test, made by <see cref="InitializeAsync"/>.</summary>
    protected IMetricsStore Store { get; private set; } = null!;

    /// <summary>Citizens of the synthetic stream (ten interactions each) the agreement test rolls up.</summary>
    protected virtual int Citizens => 300;

    /// <summary>Random queries the agreement test asks.</summary>
    protected virtual int Queries => 40;

    protected abstract Task<IMetricsStore> CreateAsync();

    protected virtual void SkipIfUnavailable()
    {
    }

    public virtual async ValueTask InitializeAsync() => Store = await CreateAsync();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Worked_example_B_read_from_the_roll_ups()
    {
        SkipIfUnavailable();
        foreach (var message in Examples.Published(Examples.B()))
        {
            await Store.ApplyAsync([message], Cancel);
        }

        var summary = await Store.SummarizeAsync(Examples.Query(0, 60, asOf: 50), Cancel);

        Assert.Equal((5, 3, 2, 2), (summary.Contacts, summary.FirstContacts, summary.Reiterations, summary.CrossChannelReiterations));
        Assert.Equal((2, 1, 0), (summary.FcrResolved, summary.FcrFailed, summary.FcrPending));
        Assert.Equal(1, (await Store.SummarizeAsync(Examples.Query(40, 40, asOf: 46.9), Cancel)).FcrPending);
    }

    [Fact]
    public async Task A_redelivered_message_changes_nothing()
    {
        SkipIfUnavailable();
        var messages = Examples.Published(Examples.C());
        foreach (var message in messages)
        {
            Assert.Equal(1, await Store.ApplyAsync([message], Cancel));
        }

        var before = await Store.SummarizeAsync(Examples.Query(0, 10, asOf: 20), Cancel);

        Assert.Equal(0, await Store.ApplyAsync([messages[2]], Cancel));
        Assert.Equal(before, await Store.SummarizeAsync(Examples.Query(0, 10, asOf: 20), Cancel));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(250)]
    public async Task Every_query_agrees_with_the_calculator_whatever_the_order_repeats_and_batches_of_messages(int largestBatch)
    {
        SkipIfUnavailable();
        var stream = SyntheticStream.Generate(Citizens, Citizens * 10, seed: 11);
        var engine = new JourneyEngine();
        var messages = stream.Select(engine.Apply)
            .Select(r => new ContactsReclassified { PersonId = r.PersonId, Cause = r.Interaction, Changes = r.Changes })
            .ToList();
        var random = new Random(11);
        var delivered = messages.Concat(messages.Where(_ => random.Next(10) == 0)).ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(delivered));
        // Batches of random sizes, as the consumer gets them: a repeat may fall in the batch of its original.
        for (var next = 0; next < delivered.Count;)
        {
            var size = Math.Min(random.Next(1, largestBatch + 1), delivered.Count - next);
            await Store.ApplyAsync(delivered.GetRange(next, size), Cancel);
            next += size;
        }

        var classifications = engine.CurrentClassifications().Values.ToList();
        var replacedInstants = messages.SelectMany(m => m.Changes).Select(c => c.Old).OfType<InteractionClassification>()
            .SelectMany(c => new[] { c.FcrFinalAt, c.AcknowledgementDueBy, c.AnnouncedDeadline }).OfType<DateTimeOffset>().ToList();
        var first = Calculator.DayOf(stream.Min(i => i.OccurredAt));
        var last = Calculator.DayOf(stream.Max(i => i.OccurredAt));
        var (answered, pending, decided, due, compared) = (0, 0, 0, 0, 0);
        for (var q = 0; q < Queries; q++)
        {
            var from = first.AddDays(random.Next(0, last.DayNumber - first.DayNumber));
            var query = new MetricsQuery
            {
                From = from,
                To = from.AddDays(random.Next(0, 30)),
                // Half the time within the hour before a verdict of a replaced classification changes: there
                // the roll-ups read the instants one by one, and a replaced one must have been taken away.
                AsOf = random.Next(2) == 0
                    ? replacedInstants[random.Next(replacedInstants.Count)].AddMinutes(-random.Next(0, 60))
                    : stream[random.Next(stream.Count)].OccurredAt.AddHours(random.Next(-200, 200)),
                Channel = random.Next(3) == 0 ? (Channel)random.Next(1, 8) : null,
                Motive = random.Next(4) switch { 0 => "income-tax", 1 => "pas.rate", _ => null },
                Service = random.Next(4) == 0 ? $"SIP {random.Next(40)}" : null,
            };

            var expected = Calculator.Summarize(classifications, query);
            AssertSame(expected, await Store.SummarizeAsync(query, Cancel), query);
            answered += expected.Contacts > 0 ? 1 : 0;
            pending += expected.FcrPending > 0 ? 1 : 0;
            decided += expected.DeadlinesDecided > 0 && expected.AcknowledgementsDecided > 0 ? 1 : 0;
            Assert.Equal(Calculator.ChannelSwitches(classifications, query), await Store.ChannelSwitchesAsync(query, Cancel));
            Assert.Equal(Calculator.Motives(classifications, query), await Store.MotivesAsync(query, Cancel));
            // Services side by side: each the summary of the query narrowed to it.
            var services = await Store.ServicesAsync(query, Cancel);
            var expectedServices = classifications.Where(c => c.Kind is not null).Select(c => c.Service ?? "").Distinct()
                .Select(s => (Service: s, Summary: Calculator.Summarize(classifications, query with { Service = s.Length == 0 ? null : s })))
                .Where(s => s.Summary.Contacts > 0 && (query.Service is null || s.Service == query.Service)).ToList();
            Assert.Equal(expectedServices.Select(s => s.Service).Order(StringComparer.Ordinal), services.Select(s => s.Service).Order(StringComparer.Ordinal));
            foreach (var service in services.Where(s => s.Service.Length > 0))
            {
                AssertSame(expectedServices.Single(s => s.Service == service.Service).Summary, service.Metrics, query);
            }

            // "income" is how "income-tax" starts, not a motive above it: nothing of income-tax counts under it.
            var income = query with { Motive = "income" };
            Assert.Empty(await Store.ServicesAsync(income, Cancel));
            Assert.Empty(await Store.ChannelSwitchesAsync(income, Cancel));
            AssertSame(Calculator.Summarize(classifications, income), await Store.SummarizeAsync(income, Cancel), income);

            // The work lists: promises still open whose instant falls in a window after asOf.
            var window = TimeSpan.FromDays(random.Next(1, 15));
            var dueService = random.Next(3) == 0 ? classifications.Select(c => c.Service).OfType<string>().FirstOrDefault() : null;
            var expectedDue = ExpectedDue(classifications, query.AsOf, query.AsOf + window, dueService);
            Assert.Equal(expectedDue, await Store.DueAsync(query.AsOf, query.AsOf + window, dueService, Cancel));
            due += expectedDue.Count > 0 ? 1 : 0;
            compared += services.Count > 1 ? 1 : 0;
            var expectedDays = Calculator.Timeseries(classifications, query);
            var actualDays = await Store.TimeseriesAsync(query, Cancel);
            Assert.Equal(expectedDays.Select(d => d.Day), actualDays.Select(d => d.Day));
            for (var d = 0; d < expectedDays.Count; d++)
            {
                AssertSame(expectedDays[d].Summary, actualDays[d].Summary, query);
            }
        }

        // The queries reached what they are meant to check: counts, open verdicts, decided ones.
        Assert.True(answered >= Queries / 2 && pending >= Queries / 13 && decided >= Queries / 4, $"{answered} answered, {pending} with pending FCR, {decided} with decisions");
        Assert.True(due >= Queries / 5 && compared >= Queries / 4, $"{due} windows with promises falling due, {compared} with services to compare");
    }

    /// <summary>The work lists' oracle: the classifications themselves, each open promise whose instant is after from and in or before until's hour.</summary>
    private static IReadOnlyList<ServiceDue> ExpectedDue(IEnumerable<InteractionClassification> classifications, DateTimeOffset from, DateTimeOffset until, string? service)
    {
        var lastHour = until.UtcTicks / TimeSpan.TicksPerHour;
        var open = classifications.Where(c => service is null || c.Service == service)
            .SelectMany(c => MetricCatalogue.OpenVerdicts(c).Select(v => (Service: c.Service ?? "", v.Verdict, v.At)))
            .Where(v => v.Verdict is TimeVerdict.AcknowledgementDue or TimeVerdict.DeadlinePassed && v.At > from.UtcTicks && v.At / TimeSpan.TicksPerHour <= lastHour);
        return [.. open.GroupBy(v => v.Service)
            .Select(g => new ServiceDue(g.Key, g.Count(v => v.Verdict == TimeVerdict.AcknowledgementDue), g.Count(v => v.Verdict == TimeVerdict.DeadlinePassed)))
            .OrderByDescending(d => d.AcknowledgementsDue + d.DeadlinesAtRisk).ThenBy(d => d.Service, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Equal, but for times to resolution, which the roll-up keeps in buckets 1% wide and reads at their
    /// middle; the first bucket holds every time under a second (a contact resolved at once reads 1 s).
    /// </summary>
    protected static void AssertSame(MetricsSummary expected, MetricsSummary actual, MetricsQuery query)
    {
        Assert.True(expected with { MedianTimeToResolution = null, P90TimeToResolution = null } == actual with { MedianTimeToResolution = null, P90TimeToResolution = null },
            $"{query}\nexpected {expected}\nactual   {actual}");
        AssertWithinHalfAPercent(expected.MedianTimeToResolution, actual.MedianTimeToResolution);
        AssertWithinHalfAPercent(expected.P90TimeToResolution, actual.P90TimeToResolution);
    }

    private static void AssertWithinHalfAPercent(TimeSpan? expected, TimeSpan? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is { } e && actual is { } a)
        {
            Assert.InRange(a.TotalSeconds, e.TotalSeconds / 1.0051, Math.Max(e.TotalSeconds * 1.0051, 1.0051));
        }
    }
}
