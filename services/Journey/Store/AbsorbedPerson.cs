namespace Omnichannel.Journey.Store;

/// <summary>A loaded person merged into <paramref name="SurvivorId"/>, at the version it was loaded at.</summary>
public sealed record AbsorbedPerson(string PersonId, long Version, string SurvivorId);
