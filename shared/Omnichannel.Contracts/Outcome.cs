namespace Omnichannel.Contracts;

/// <summary>How a contact ended, as its channel saw it.</summary>
public enum Outcome
{
    Resolved = 1,
    Unresolved = 2,
    Transferred = 3,
    /// <summary>For instance a call that was never picked up.</summary>
    Abandoned = 4,
}
