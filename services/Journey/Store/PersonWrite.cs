using Omnichannel.Contracts;
using Omnichannel.Journey.Engine;

namespace Omnichannel.Journey.Store;

/// <summary>A person after a change.</summary>
/// <param name="Person">The snapshot; a person the change created carries a provisional creation sequence the store replaces.</param>
/// <param name="ExpectedVersion">The version it was loaded at; null when the change created it.</param>
/// <param name="Classifications">Every classification of its journey; null when its journey did not change (a conflict notice only).</param>
public sealed record PersonWrite(PersonSnapshot Person, long? ExpectedVersion, IReadOnlyList<InteractionClassification>? Classifications);
