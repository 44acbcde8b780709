namespace Omnichannel.Domain.Metrics;

/// <summary>
/// The small-count rule of the dashboards (docs/domain.md §6): a figure computed from fewer than a threshold of
/// contacts is not shown (« &lt; 5 »), so that a dashboard narrowed by channel, motive, service and day cannot
/// single out a citizen. A count is masked when it is between 1 and threshold - 1 (0 is shown: nobody); a rate
/// or a ratio when its numerator or its denominator is; a time to resolution when the first contacts it is
/// taken over are. The roll-ups hold no person, so the rule counts contacts, which are never fewer than the
/// citizens who made them.
/// </summary>
public static class SmallCounts
{
    public const int DefaultThreshold = 5;

    /// <summary>The names (<see cref="Metric.Name"/>) of the figures of this summary that must not be shown.</summary>
    public static IReadOnlyList<string> Masked(MetricsSummary summary, int threshold)
    {
        ArgumentNullException.ThrowIfNull(summary);
        bool Small(int n) => n > 0 && n < threshold;
        var masked = MetricCatalogue.Metrics.Where(m => m.Unit == MetricUnit.Count && Small((int)m.Value(summary)!.Value)).Select(m => m.Name).ToList();
        void Rate(string name, int numerator, int denominator)
        {
            if (Small(numerator) || Small(denominator))
            {
                masked.Add(name);
            }
        }

        Rate("reiterationRate", summary.Reiterations, summary.Contacts);
        Rate("fcrRate", summary.FcrResolved, summary.FcrResolved + summary.FcrFailed);
        Rate("acknowledgementRate", summary.Acknowledged, summary.AcknowledgementsDecided);
        Rate("deadlineRespectRate", summary.DeadlinesRespected, summary.DeadlinesDecided);
        Rate("contactsPerDemand", summary.Contacts, summary.FirstContacts);
        Rate("phonePickUpRate", summary.PhoneContactsPickedUp, summary.PhoneContacts);
        Rate("medianTimeToResolution", summary.FirstContacts, summary.FirstContacts);
        Rate("p90TimeToResolution", summary.FirstContacts, summary.FirstContacts);
        return masked;
    }

    /// <summary>The figures of a motive's row that must not be shown.</summary>
    public static IReadOnlyList<string> Masked(MotiveReiteration motive, int threshold)
    {
        ArgumentNullException.ThrowIfNull(motive);
        bool Small(int n) => n > 0 && n < threshold;
        return Small(motive.Contacts) ? ["contacts", "reiterations", "reiterationRate", "fcrRate"]
            : Small(motive.Reiterations) ? ["reiterations", "reiterationRate"]
            : [];
    }

    /// <summary>True when a count must not be shown.</summary>
    public static bool IsMasked(int count, int threshold) => count > 0 && count < threshold;
}
