using Omnichannel.Domain.Engine;

namespace Omnichannel.Journey.Store;

/// <summary>A person as loaded from the journey store, with the version its next write must expect.</summary>
public sealed record StoredPerson(PersonSnapshot Snapshot, long Version);
