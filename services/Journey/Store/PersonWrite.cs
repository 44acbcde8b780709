using Omnichannel.Domain.Engine;

namespace Omnichannel.Journey.Store;

/// <summary>A person after a change. Its classifications are not written: they follow from its journey, and are derived when it is read.</summary>
/// <param name="Person">The snapshot; a person the change created carries a provisional creation sequence the store replaces.</param>
/// <param name="ExpectedVersion">The version it was loaded at; null when the change created it.</param>
/// <param name="JourneyChanged">False when the change only added a conflict notice (a refused merge): its journey and identifiers stay.</param>
public sealed record PersonWrite(PersonSnapshot Person, long? ExpectedVersion, bool JourneyChanged);
