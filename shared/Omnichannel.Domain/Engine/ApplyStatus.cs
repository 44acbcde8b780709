namespace Omnichannel.Domain.Engine;

public enum ApplyStatus
{
    /// <summary>The interaction was new and joined a journey.</summary>
    Recorded = 1,
    /// <summary>(source, id) was seen before: nothing changed.</summary>
    Duplicate = 2,
}
