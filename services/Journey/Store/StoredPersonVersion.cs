namespace Omnichannel.Journey.Store;

/// <summary>A person's id and the version a write expects it at.</summary>
public sealed record StoredPersonVersion(string PersonId, long Version);
