namespace Omnichannel.Portal.People;

/// <summary>Who holds an identifier (<c>GET /api/v1/people/lookup</c>).</summary>
public sealed record LookupResult(string PersonId);
