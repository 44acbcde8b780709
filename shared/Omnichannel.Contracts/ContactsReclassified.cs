namespace Omnichannel.Contracts;

/// <summary>
/// Published by the journey service after each change to a person: every classification that changed,
/// old and new, including contacts of the past that a merge or a late event reclassified.
/// </summary>
public sealed record ContactsReclassified
{
    /// <summary>The person after the change (the survivor, after a merge).</summary>
    public required string PersonId { get; init; }

    /// <summary>The interaction whose arrival caused the change.</summary>
    public required InteractionKey Cause { get; init; }

    public required IReadOnlyList<ClassificationChange> Changes { get; init; }
}
