using Omnichannel.Contracts;

namespace Omnichannel.Domain.Engine;

/// <summary>What applying one interaction did: to whom it went, which people merged, and every classification change.</summary>
public sealed record ApplyResult
{
    public required ApplyStatus Status { get; init; }

    public required InteractionKey Interaction { get; init; }

    /// <summary>The person the interaction belongs to (after any merge).</summary>
    public required string PersonId { get; init; }

    /// <summary>The people merged into <see cref="PersonId"/> by this interaction.</summary>
    public IReadOnlyList<string> Absorbed { get; init; } = [];

    /// <summary>The merges this interaction asked for and that were refused.</summary>
    public IReadOnlyList<IdentityConflict> Conflicts { get; init; } = [];

    /// <summary>Old -> new for every classification that changed, in the journey's order.</summary>
    public IReadOnlyList<ClassificationChange> Changes { get; init; } = [];
}
