namespace Omnichannel.Hosting;

public enum BusTransport
{
    InMemory = 1,
    RabbitMq = 2,
}
