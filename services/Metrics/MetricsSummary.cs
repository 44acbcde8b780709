namespace Omnichannel.Metrics;

/// <summary>DOMAIN §4 for a period and filters. Rates are null, not 0, when their denominator is 0.</summary>
public sealed record MetricsSummary
{
    public int Contacts { get; init; }

    public int FirstContacts { get; init; }

    public int Reiterations { get; init; }

    public double? ReiterationRate { get; init; }

    public int CrossChannelReiterations { get; init; }

    public int FcrResolved { get; init; }

    public int FcrFailed { get; init; }

    public int FcrPending { get; init; }

    /// <summary>fcrResolved / (fcrResolved + fcrFailed).</summary>
    public double? FcrRate { get; init; }

    public int Acknowledged { get; init; }

    public int AcknowledgementsDecided { get; init; }

    public double? AcknowledgementRate { get; init; }

    public int DeadlinesRespected { get; init; }

    public int DeadlinesDecided { get; init; }

    public double? DeadlineRespectRate { get; init; }

    /// <summary>Nearest rank over the first contacts whose subject was resolved.</summary>
    public TimeSpan? MedianTimeToResolution { get; init; }

    public TimeSpan? P90TimeToResolution { get; init; }

    /// <summary>contacts / firstContacts: the effort a demand costs the citizen.</summary>
    public double? ContactsPerDemand { get; init; }

    public int PhoneContacts { get; init; }

    public int PhoneContactsPickedUp { get; init; }

    public double? PhonePickUpRate { get; init; }
}
