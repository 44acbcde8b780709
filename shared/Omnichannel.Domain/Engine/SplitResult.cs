using Omnichannel.Contracts;

namespace Omnichannel.Domain.Engine;

/// <summary>What a split gives: the person kept (same id), the people it made, where each interaction now belongs, and old -> new.</summary>
/// <param name="Kept">The person that keeps the split person's id, history and version line.</param>
/// <param name="Made">The people the split made (new ids; their creation sequences are provisional, for the store to assign).</param>
/// <param name="Owners">Each interaction of the split journey -> the person it belongs to now.</param>
/// <param name="Changes">Every classification the split changed.</param>
public sealed record SplitResult(
    PersonSnapshot Kept,
    IReadOnlyList<PersonSnapshot> Made,
    IReadOnlyDictionary<InteractionKey, string> Owners,
    IReadOnlyList<ClassificationChange> Changes);
