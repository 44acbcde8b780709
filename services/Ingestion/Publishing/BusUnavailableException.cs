namespace Omnichannel.Ingestion.Publishing;

/// <summary>The broker did not confirm a publish in time: nothing may be reported accepted.</summary>
public sealed class BusUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
