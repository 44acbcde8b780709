namespace Omnichannel.Contracts;

public enum FcrStatus
{
    /// <summary>Nothing failed it yet, but the window is still open.</summary>
    Pending = 1,
    Resolved = 2,
    Failed = 3,
}
