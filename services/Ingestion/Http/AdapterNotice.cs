namespace Omnichannel.Ingestion.Http;

/// <summary>The answer to a native event that records nothing (yet), e.g. a call still ringing.</summary>
public sealed record AdapterNotice(string Status, string Detail);
