namespace Omnichannel.Contracts;

public enum AcknowledgementStatus
{
    Pending = 1,
    Acknowledged = 2,
    NotAcknowledged = 3,
}
