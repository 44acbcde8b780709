namespace Omnichannel.Host;

/// <summary>The modules one process can run (<c>--roles ingestion,journey</c>); every available one by default.</summary>
[Flags]
public enum Role
{
    None = 0,
    Ingestion = 1,
    Journey = 2,
    Metrics = 4,
    Portal = 8,
    All = Ingestion | Journey | Metrics | Portal,

}
