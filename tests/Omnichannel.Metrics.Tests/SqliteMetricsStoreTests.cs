using Microsoft.Data.Sqlite;
using Omnichannel.Contracts;
using Omnichannel.Domain.Engine;
using Omnichannel.Domain.Metrics;
using Omnichannel.Metrics.Store;
using Omnichannel.Testing;
using Xunit;

namespace Omnichannel.Metrics.Tests;

/// <summary>The SQLite roll-ups answer every query exactly as the calculator does on the classifications themselves.</summary>
public sealed class SqliteMetricsStoreTests : IAsyncLifetime
{
    private static readonly MetricsCalculator Calculator = MetricsCalculator.Paris;
    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-metrics-").FullName;
    private SqliteMetricsStore _store = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteMetricsStore(Path.Combine(_folder, "metrics.db"), Calculator);
        await _store.InitializeAsync(Cancel);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Worked_example_B_read_from_the_roll_ups()
    {
        foreach (var message in Examples.Published(Examples.B()))
        {
            await _store.ApplyAsync(message, Cancel);
        }

        var summary = await _store.SummarizeAsync(Examples.Query(0, 60, asOf: 50), Cancel);

        Assert.Equal((5, 3, 2, 2), (summary.Contacts, summary.FirstContacts, summary.Reiterations, summary.CrossChannelReiterations));
        Assert.Equal((2, 1, 0), (summary.FcrResolved, summary.FcrFailed, summary.FcrPending));
        Assert.Equal(1, (await _store.SummarizeAsync(Examples.Query(40, 40, asOf: 46.9), Cancel)).FcrPending);
    }

    [Fact]
    public async Task A_level_missing_from_an_older_file_is_filled_from_the_finest_one_at_start()
    {
        var path = Path.Combine(_folder, "metrics.db");
        foreach (var message in Examples.Published(Examples.B()))
        {
            await _store.ApplyAsync(message, Cancel);
        }

        var byMotive = Examples.Query(0, 60, asOf: 50) with { Motive = "income-tax" };
        var before = await _store.SummarizeAsync(byMotive, Cancel);
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Cancel);
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE counts_daymotive; DROP TABLE open_daymotive; DROP TABLE resolutions_daymotive; DROP TABLE coarse_resolutions_daymotive;";
            await drop.ExecuteNonQueryAsync(Cancel);
        }

        var reopened = new SqliteMetricsStore(path, Calculator);
        await reopened.InitializeAsync(Cancel);

        var after = await reopened.SummarizeAsync(byMotive, Cancel);
        Assert.Equal(before, after);
        Assert.Equal((3, 1, 1), (after.Contacts, after.FirstContacts, after.FcrFailed));
    }

    [Fact]
    public async Task A_counter_added_to_the_catalogue_since_a_file_was_made_becomes_a_column_at_start()
    {
        var path = Path.Combine(_folder, "metrics.db");
        foreach (var message in Examples.Published(Examples.B()))
        {
            await _store.ApplyAsync(message, Cancel);
        }

        var query = Examples.Query(0, 60, asOf: 50);
        var before = await _store.SummarizeAsync(query, Cancel);
        Assert.True(before.PhoneContactsPickedUp > 0);
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Cancel);
            await using var drop = connection.CreateCommand();
            drop.CommandText = "SELECT group_concat('ALTER TABLE ' || name || ' DROP COLUMN phone_picked', '; ') FROM sqlite_master WHERE type = 'table' AND name LIKE 'counts_%'";
            drop.CommandText = (string)(await drop.ExecuteScalarAsync(Cancel))!;
            await drop.ExecuteNonQueryAsync(Cancel);
        }

        var reopened = new SqliteMetricsStore(path, Calculator);
        await reopened.InitializeAsync(Cancel);

        // What was rolled up before counts zero in the new column; everything else is intact.
        var after = await reopened.SummarizeAsync(query, Cancel);
        Assert.Equal(before with { PhoneContactsPickedUp = 0, PhonePickUpRate = 0 }, after);

        // And what arrives from now on counts in it, as in a file made with the column.
        var fresh = new SqliteMetricsStore(Path.Combine(_folder, "fresh.db"), Calculator);
        await fresh.InitializeAsync(Cancel);
        foreach (var message in Examples.Published(Examples.C()))
        {
            await reopened.ApplyAsync(message, Cancel);
            await fresh.ApplyAsync(message, Cancel);
        }

        var added = (await fresh.SummarizeAsync(query, Cancel)).PhoneContactsPickedUp;
        Assert.True(added > 0);
        Assert.Equal(added, (await reopened.SummarizeAsync(query, Cancel)).PhoneContactsPickedUp);
    }

    [Fact]
    public async Task A_redelivered_message_changes_nothing()
    {
        var messages = Examples.Published(Examples.C());
        foreach (var message in messages)
        {
            Assert.True(await _store.ApplyAsync(message, Cancel));
        }

        var before = await _store.SummarizeAsync(Examples.Query(0, 10, asOf: 20), Cancel);

        Assert.False(await _store.ApplyAsync(messages[2], Cancel));
        Assert.Equal(before, await _store.SummarizeAsync(Examples.Query(0, 10, asOf: 20), Cancel));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(250)]
    public async Task Every_query_agrees_with_the_calculator_whatever_the_order_repeats_and_batches_of_messages(int largestBatch)
    {
        var stream = SyntheticStream.Generate(300, 3_000, seed: 11);
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
            await _store.ApplyAsync(delivered.GetRange(next, size), Cancel);
            next += size;
        }

        var classifications = engine.CurrentClassifications().Values.ToList();
        var replacedInstants = messages.SelectMany(m => m.Changes).Select(c => c.Old).OfType<InteractionClassification>()
            .SelectMany(c => new[] { c.FcrFinalAt, c.AcknowledgementDueBy, c.AnnouncedDeadline }).OfType<DateTimeOffset>().ToList();
        var first = Calculator.DayOf(stream.Min(i => i.OccurredAt));
        var last = Calculator.DayOf(stream.Max(i => i.OccurredAt));
        var (answered, pending, decided) = (0, 0, 0);
        for (var q = 0; q < 40; q++)
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
            AssertSame(expected, await _store.SummarizeAsync(query, Cancel), query);
            answered += expected.Contacts > 0 ? 1 : 0;
            pending += expected.FcrPending > 0 ? 1 : 0;
            decided += expected.DeadlinesDecided > 0 && expected.AcknowledgementsDecided > 0 ? 1 : 0;
            Assert.Equal(Calculator.ChannelSwitches(classifications, query), await _store.ChannelSwitchesAsync(query, Cancel));
            Assert.Equal(Calculator.Motives(classifications, query), await _store.MotivesAsync(query, Cancel));
            var expectedDays = Calculator.Timeseries(classifications, query);
            var actualDays = await _store.TimeseriesAsync(query, Cancel);
            Assert.Equal(expectedDays.Select(d => d.Day), actualDays.Select(d => d.Day));
            for (var d = 0; d < expectedDays.Count; d++)
            {
                AssertSame(expectedDays[d].Summary, actualDays[d].Summary, query);
            }
        }

        // The queries reached what they are meant to check: counts, open verdicts, decided ones.
        Assert.True(answered >= 20 && pending >= 3 && decided >= 10, $"{answered} answered, {pending} with pending FCR, {decided} with decisions");
    }

    /// <summary>
    /// Equal, but for times to resolution, which the roll-up keeps in buckets 1% wide and reads at their
    /// middle; the first bucket holds every time under a second (a contact resolved at once reads 1 s).
    /// </summary>
    private static void AssertSame(MetricsSummary expected, MetricsSummary actual, MetricsQuery query)
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
