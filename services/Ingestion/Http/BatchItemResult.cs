namespace Omnichannel.Ingestion.Http;

/// <summary>One item of a batch: <c>accepted</c> (published and confirmed), <c>duplicate</c> (same id earlier in the batch) or <c>rejected</c>.</summary>
public sealed record BatchItemResult(int Index, string? Id, string Status, Guid? MessageId, IDictionary<string, string[]>? Errors);
