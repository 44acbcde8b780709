using Omnichannel.Contracts;

namespace Omnichannel.Ingestion.Http;

/// <summary>The channel system behind an API key.</summary>
/// <param name="Source">The source its interactions are recorded under.</param>
/// <param name="Channels">The channels it may post.</param>
/// <param name="DeclaredOnly">Its identifiers are declared whatever it says: it may not vouch for one.</param>
public sealed record ApiClient(string Source, IReadOnlySet<Channel> Channels, bool DeclaredOnly = false);
