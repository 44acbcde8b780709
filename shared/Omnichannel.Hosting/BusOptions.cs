namespace Omnichannel.Hosting;

/// <summary>Which transport the bus runs on; bound from the <c>Bus</c> section.</summary>
public sealed class BusOptions
{
    public const string SectionName = "Bus";

    /// <summary><c>InMemory</c> (the embedded default) or <c>RabbitMq</c>.</summary>
    public BusTransport Transport { get; set; } = BusTransport.InMemory;
}
