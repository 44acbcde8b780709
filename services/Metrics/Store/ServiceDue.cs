using Omnichannel.Domain.Metrics;

namespace Omnichannel.Metrics.Store;

/// <summary>
/// A service's promises about to fall due: acknowledgements still owed and announced deadlines still unmet
/// whose instant is in the window asked ("" for the interactions that named no service).
/// </summary>
public sealed record ServiceDue(string Service, int AcknowledgementsDue, int DeadlinesAtRisk)
{
    /// <summary>Open verdicts summed by service and verdict (as either store reads them), as the work lists show them: most due first.</summary>
    public static IReadOnlyList<ServiceDue> Of(IEnumerable<(string Service, TimeVerdict Verdict, long Count)> rows) =>
        [.. rows.GroupBy(r => r.Service, StringComparer.Ordinal)
            .Select(g => new ServiceDue(
                g.Key,
                checked((int)g.Where(r => r.Verdict == TimeVerdict.AcknowledgementDue).Sum(r => r.Count)),
                checked((int)g.Where(r => r.Verdict == TimeVerdict.DeadlinePassed).Sum(r => r.Count))))
            .Where(d => d.AcknowledgementsDue + d.DeadlinesAtRisk > 0)
            .OrderByDescending(d => d.AcknowledgementsDue + d.DeadlinesAtRisk).ThenBy(d => d.Service, StringComparer.Ordinal)];
}
