namespace Omnichannel.Ingestion.Adapters;

/// <summary>A CTI <c>answered</c> event as the platform sent it: the cue for the advisor's screen-pop.</summary>
public sealed record AnsweredCall(string CallId, string At, string? Caller, string? TaxNumber, string AgentId, string? Service);
