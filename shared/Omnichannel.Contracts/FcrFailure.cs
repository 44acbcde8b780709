namespace Omnichannel.Contracts;

/// <summary>Why a first contact failed first-contact resolution.</summary>
public enum FcrFailure
{
    /// <summary>Its own outcome was unresolved, transferred or abandoned.</summary>
    Outcome = 1,
    /// <summary>The citizen came back about the same subject within the window.</summary>
    ContactedAgain = 2,
}
