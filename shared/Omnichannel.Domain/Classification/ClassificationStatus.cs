using Omnichannel.Contracts;

namespace Omnichannel.Domain.Classification;

/// <summary>Reads the time-dependent verdicts of a classification as of an instant (DOMAIN §3).</summary>
public static class ClassificationStatus
{
    /// <summary>FCR of a first contact; null for anything else.</summary>
    public static FcrStatus? Fcr(this InteractionClassification classification, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(classification);
        if (classification.Kind != ContactKind.FirstContact)
        {
            return null;
        }

        if (classification.FcrFailure is not null)
        {
            return FcrStatus.Failed;
        }

        return asOf >= classification.FcrFinalAt ? FcrStatus.Resolved : FcrStatus.Pending;
    }

    /// <summary>Acknowledgement of a first contact on a web, email, SMS, chat or postal channel; null otherwise.</summary>
    public static AcknowledgementStatus? Acknowledgement(this InteractionClassification classification, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(classification);
        if (classification.AcknowledgementDueBy is null)
        {
            return null;
        }

        if (classification.AcknowledgedAt is not null)
        {
            return AcknowledgementStatus.Acknowledged;
        }

        return asOf >= classification.AcknowledgementDueBy ? AcknowledgementStatus.NotAcknowledged : AcknowledgementStatus.Pending;
    }

    /// <summary>Respect of the deadline this interaction announced; null when it announced none.</summary>
    public static DeadlineStatus? Deadline(this InteractionClassification classification, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(classification);
        if (classification.AnnouncedDeadline is null)
        {
            return null;
        }

        if (classification.DeadlineMetAt is not null)
        {
            return DeadlineStatus.Respected;
        }

        return asOf > classification.AnnouncedDeadline ? DeadlineStatus.Missed : DeadlineStatus.Pending;
    }

    /// <summary>A phone contact counts as picked up unless it was abandoned.</summary>
    public static bool? PickedUp(this InteractionClassification classification)
    {
        ArgumentNullException.ThrowIfNull(classification);
        return classification.Kind is not null && classification.Channel == Channel.Phone
            ? classification.Outcome != Outcome.Abandoned
            : null;
    }
}
