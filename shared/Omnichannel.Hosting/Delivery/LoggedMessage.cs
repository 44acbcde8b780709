namespace Omnichannel.Hosting.Delivery;

/// <summary>
/// A message of the log: where it goes (<c>publish:</c> its type, or <c>queue:</c> a queue), its id, and
/// either the object itself (just appended: delivered without being read back) or its JSON (read from disk).
/// </summary>
public sealed record LoggedMessage(long Seq, string Destination, Type Type, Guid MessageId, Guid? CorrelationId, int Bytes)
{
    public object? Message { get; init; }

    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The W3C id of the span that appended it, when there was one.</summary>
    public string? TraceParent { get; init; }
}
