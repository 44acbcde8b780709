namespace Omnichannel.Journey.Store;

/// <summary>
/// Another writer changed a person, an identifier or the interaction since this change was loaded: load
/// again and apply again (the message retry does it).
/// </summary>
public sealed class ConcurrentChangeException(string message) : Exception(message);
