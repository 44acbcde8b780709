namespace Omnichannel.Contracts;

/// <summary>What a person decided about identities (docs/domain.md §2, decisions). Values are stable on the wire.</summary>
public enum IdentityDecisionKind
{
    /// <summary>An advisor verified the caller: the caller's address and the identifier they claimed are one citizen's.</summary>
    IdentityVerified = 1,

    /// <summary>A referent merged two people they know are one citizen.</summary>
    Merge = 2,

    /// <summary>A referent split a person: the decision's identifiers leave it, with the interactions that follow them.</summary>
    Split = 3,

    /// <summary>A referent marked identifiers shared (a front-desk phone, a family email): they link nobody any more.</summary>
    MarkShared = 4,

    /// <summary>A referent examined a claim (an interaction declared someone else's identifier) and dismissed it: it leaves the work list.</summary>
    DismissClaim = 5,

    /// <summary>A referent examined a conflict (a refused merge) and dismissed it: it leaves the work list, the people stay apart.</summary>
    DismissConflict = 6,
}
