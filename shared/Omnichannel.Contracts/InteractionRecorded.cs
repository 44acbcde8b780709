namespace Omnichannel.Contracts;

/// <summary>Published by ingestion once an interaction is validated and normalized.</summary>
public sealed record InteractionRecorded
{
    public required Interaction Interaction { get; init; }
}
