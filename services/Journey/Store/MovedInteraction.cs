using Omnichannel.Contracts;

namespace Omnichannel.Journey.Store;

/// <summary>A recorded interaction that a split moves: from the person it belonged to, to another.</summary>
public sealed record MovedInteraction(InteractionKey Key, string FromPersonId, string ToPersonId);
