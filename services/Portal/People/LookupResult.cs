namespace Omnichannel.Portal.People;

/// <summary>Who an identifier leads to (<c>POST /api/v1/people/lookup</c>).</summary>
/// <param name="PersonId">The person.</param>
public sealed record LookupResult(string PersonId)
{
    /// <summary>
    /// True when nobody holds the identifier and this person's interactions only declared it (a phone typed on
    /// a portal form): unverified, to check with the citizen before reading on.
    /// </summary>
    public bool Declared { get; init; }
}
