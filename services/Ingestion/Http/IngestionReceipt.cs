namespace Omnichannel.Ingestion.Http;

/// <summary>The answer to an accepted interaction: the broker confirmed it.</summary>
/// <param name="Id">The interaction's id, as posted.</param>
/// <param name="Source">The source it was recorded under (from the API key).</param>
/// <param name="MessageId">The id of the bus message that carries it (follows from the interactions the message holds: a post repeated alone carries the same id).</param>
/// <param name="Status"><c>accepted</c>.</param>
public sealed record IngestionReceipt(string Id, string Source, Guid MessageId, string Status);
