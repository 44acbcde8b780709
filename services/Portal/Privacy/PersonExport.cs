using Omnichannel.Contracts;
using Omnichannel.Domain.Engine;
using Omnichannel.Portal.Audit;

namespace Omnichannel.Portal.Privacy;

/// <summary>
/// Everything held about a person (a citizen's right of access, docs/domain.md §6): their identifiers, every
/// interaction with its body and classification, the merges, decisions, claims and conflicts of their file, and
/// every audit entry about them. Nothing of anybody else: another person's id or identifier appears only where the
/// citizen's own interactions carry it.
/// </summary>
public sealed record PersonExport
{
    public required string PersonId { get; init; }

    public required DateTimeOffset ExportedAt { get; init; }

    public required string ExportedBy { get; init; }

    /// <summary>The identifiers that link the person (each belongs to them alone).</summary>
    public required IReadOnlyList<Identifier> Identifiers { get; init; }

    /// <summary>Those of them marked shared (several citizens use them).</summary>
    public required IReadOnlyList<Identifier> SharedIdentifiers { get; init; }

    /// <summary>The person records merged into this one (their interactions and identifiers are here).</summary>
    public required IReadOnlyList<string> MergedPersonIds { get; init; }

    /// <summary>Every interaction, in the journey's order, as posted, with what the rules say of it.</summary>
    public required IReadOnlyList<ExportedInteraction> Interactions { get; init; }

    public required IReadOnlyList<MergeRecord> Merges { get; init; }

    /// <summary>Declared identifiers of the person's interactions that another person holds (without that person).</summary>
    public required IReadOnlyList<ExportedClaim> Claims { get; init; }

    /// <summary>Links stitching refused on an identifier of the person (without the other person).</summary>
    public required IReadOnlyList<ExportedConflict> Conflicts { get; init; }

    /// <summary>Decisions about the person's identities (verifications, referents' decisions), with who took them and why.</summary>
    public required IReadOnlyList<ExportedDecision> Decisions { get; init; }

    /// <summary>Every audit entry about the person or a record merged into them: who opened their file, when, why.</summary>
    public required IReadOnlyList<AuditEntry> AuditEntries { get; init; }
}

/// <summary>One interaction as posted, and its classification (null for interactions the rules do not classify).</summary>
public sealed record ExportedInteraction(Interaction Interaction, InteractionClassification? Classification);

/// <summary>An identifier one of the person's interactions declared, which another person holds.</summary>
public sealed record ExportedClaim(InteractionKey Interaction, Identifier Identifier);

/// <summary>A refused link: the identifier, and why (a different value of a strong type, or a referent's split).</summary>
public sealed record ExportedConflict(Identifier Identifier, IdentifierType? DifferingStrongType, string? SeparatedBy);

/// <summary>A decision about the person's identities, limited to the identifiers that are theirs.</summary>
public sealed record ExportedDecision(string DecisionId, IdentityDecisionKind Kind, IReadOnlyList<Identifier> Identifiers, string DecidedBy, string Reason, DateTimeOffset DecidedAt);
