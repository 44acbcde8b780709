namespace Omnichannel.Ingestion.Http;

/// <summary>The answer to a batch: counts, then every item in order.</summary>
public sealed record BatchReceipt(int Accepted, int Duplicates, int Rejected, IReadOnlyList<BatchItemResult> Items);
