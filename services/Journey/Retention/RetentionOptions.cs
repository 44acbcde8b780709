using System.ComponentModel.DataAnnotations;
using Omnichannel.Contracts;

namespace Omnichannel.Journey.Retention;

/// <summary>
/// How long personal data stays (docs/domain.md §6, retention); bound from <c>Retention</c> (env
/// <c>Retention__Interactions</c>, <c>Retention__InteractionsByChannel__web</c>...). The journey role removes
/// interactions, the portal role audit entries, each once a day in bounded batches.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>
    /// How long an interaction stays in its journey: three years by default, the period in which the tax
    /// administration may still correct a tax (the « droit de reprise » of the Livre des procédures fiscales,
    /// art. L169), so that an advisor still sees what a citizen was told about it.
    /// </summary>
    public TimeSpan Interactions { get; set; } = TimeSpan.FromDays(3 * 365);

    /// <summary>A period of its own for some channels (wire names: <c>web</c>, <c>phone</c>...), e.g. a shorter one for web visits.</summary>
    public Dictionary<string, TimeSpan> InteractionsByChannel { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How long an audit entry (who opened whose history) stays: one year by default, the upper end of the six
    /// months to one year the CNIL recommends for access logs (délibération n° 2021-122, recommandation
    /// relative à la journalisation), long enough for a citizen's request about who read their file.
    /// </summary>
    public TimeSpan AuditEntries { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// How long the tombstones of an erasure stay; by default the longest interaction period. After it, a
    /// re-post of an erased interaction is past its own period and dropped on arrival anyway; set shorter, a
    /// re-post after it that is still within its period would be recorded again, as a new citizen.
    /// </summary>
    public TimeSpan? Tombstones { get; set; }

    /// <summary>When the daily run starts, in UTC.</summary>
    public TimeOnly RunAt { get; set; } = new(2, 0);

    /// <summary>People examined per batch (one short write each), then a pause, so that stitching goes on meanwhile.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;

    public TimeSpan BatchPause { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>False: nothing leaves by itself (a deployment that must keep everything, by law, says so here).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The period of a channel's interactions.</summary>
    public TimeSpan PeriodOf(Channel channel) =>
        InteractionsByChannel.TryGetValue(WireNames.Of(channel), out var period) ? period : Interactions;

    /// <summary>Interactions of this channel that occurred before this instant are past their period.</summary>
    public DateTimeOffset CutoffFor(Channel channel, DateTimeOffset now) => now - PeriodOf(channel);

    /// <summary>The longest period an interaction stays: tombstones stay as long by default.</summary>
    public TimeSpan LongestInteractionPeriod => InteractionsByChannel.Values.Append(Interactions).Max();

    public TimeSpan TombstonePeriod => Tombstones ?? LongestInteractionPeriod;
}
