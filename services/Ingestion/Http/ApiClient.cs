using Omnichannel.Contracts;

namespace Omnichannel.Ingestion.Http;

/// <summary>The channel system behind an API key.</summary>
public sealed record ApiClient(string Source, IReadOnlySet<Channel> Channels);
