namespace Omnichannel.Domain.Metrics;

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

    /// <summary>The summary of these counts, with its rates (null when their denominator is 0).</summary>
    public static MetricsSummary Of(
        int contacts, int firstContacts, int reiterations, int crossChannel, (int Resolved, int Failed, int Pending) fcr,
        (int Acknowledged, int Decided) acknowledgements, (int Respected, int Decided) deadlines,
        (TimeSpan? Median, TimeSpan? P90) timeToResolution, (int Contacts, int PickedUp) phone) => new()
    {
        Contacts = contacts,
        FirstContacts = firstContacts,
        Reiterations = reiterations,
        ReiterationRate = Rate(reiterations, contacts),
        CrossChannelReiterations = crossChannel,
        FcrResolved = fcr.Resolved,
        FcrFailed = fcr.Failed,
        FcrPending = fcr.Pending,
        FcrRate = Rate(fcr.Resolved, fcr.Resolved + fcr.Failed),
        Acknowledged = acknowledgements.Acknowledged,
        AcknowledgementsDecided = acknowledgements.Decided,
        AcknowledgementRate = Rate(acknowledgements.Acknowledged, acknowledgements.Decided),
        DeadlinesRespected = deadlines.Respected,
        DeadlinesDecided = deadlines.Decided,
        DeadlineRespectRate = Rate(deadlines.Respected, deadlines.Decided),
        MedianTimeToResolution = timeToResolution.Median,
        P90TimeToResolution = timeToResolution.P90,
        ContactsPerDemand = Rate(contacts, firstContacts),
        PhoneContacts = phone.Contacts,
        PhoneContactsPickedUp = phone.PickedUp,
        PhonePickUpRate = Rate(phone.PickedUp, phone.Contacts),
    };

    private static double? Rate(int numerator, int denominator) => denominator == 0 ? null : (double)numerator / denominator;
}
