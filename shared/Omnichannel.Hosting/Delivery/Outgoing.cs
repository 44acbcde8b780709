namespace Omnichannel.Hosting.Delivery;

/// <summary>A message to hand to the bus, with the id that makes its redelivery recognisable.</summary>
public readonly record struct Outgoing<T>(T Message, Guid MessageId, Guid? CorrelationId = null)
    where T : class;
