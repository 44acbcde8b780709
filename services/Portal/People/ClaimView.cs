using Omnichannel.Contracts;

namespace Omnichannel.Portal.People;

/// <summary>
/// What an interaction of this journey declared without linking it (docs/domain.md §2, claims): an
/// identifier someone else holds (« identité déclarée, à vérifier »: this interaction claims to be that
/// person), or one nobody holds yet (a declared association, shown as « déclaré »).
/// </summary>
/// <param name="Interaction">The interaction that declared it.</param>
/// <param name="Identifier">The declared identifier.</param>
/// <param name="ClaimedPersonId">The person who holds it; null when nobody does.</param>
public sealed record ClaimView(KeyView Interaction, Identifier Identifier, string? ClaimedPersonId)
{
    /// <summary>A referent examined and dismissed it.</summary>
    public bool Dismissed { get; init; }
}
