namespace Omnichannel.Contracts;

public enum DeadlineStatus
{
    Pending = 1,
    Respected = 2,
    Missed = 3,
}
