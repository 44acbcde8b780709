namespace Omnichannel.Domain.Metrics;

/// <summary>A verdict that depends on the instant it is read at (DOMAIN §3), kept with that instant.</summary>
public enum TimeVerdict
{
    /// <summary>An unfailed first contact is resolved once asOf reaches it, pending before.</summary>
    FcrFinal = 1,

    /// <summary>An unacknowledged first contact is decided (not acknowledged) once asOf reaches it.</summary>
    AcknowledgementDue = 2,

    /// <summary>An unmet deadline is decided (missed) once asOf is past it.</summary>
    DeadlinePassed = 3,
}
