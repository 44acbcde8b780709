using Omnichannel.Contracts;

namespace Omnichannel.Portal.ScreenPop;

/// <summary>What an advisor's open page receives when they answer a call: the caller, if known, and what the caller claims.</summary>
/// <param name="CallId">The phone platform's call id.</param>
/// <param name="At">When the call was answered.</param>
/// <param name="PersonId">The caller's person, as the calling number places them; null for a caller nobody knows yet.</param>
/// <param name="Service">The service the call reached.</param>
public sealed record ScreenPopNotice(string CallId, DateTimeOffset At, string? PersonId, string? Service)
{
    /// <summary>
    /// Who the call claims to be: another person holding an identifier the caller declared (a tax number keyed
    /// on the menu), or the one citizen who declared the caller's number that nobody holds. The page names the
    /// claim and opens no history until the advisor records that they verified the caller.
    /// </summary>
    public IReadOnlyList<CallerClaim> Claims { get; init; } = [];
}

/// <summary>The call claims to be <paramref name="ClaimedPersonId"/>, through an identifier of this type that person holds.</summary>
public sealed record CallerClaim(IdentifierType Type, string ClaimedPersonId);
