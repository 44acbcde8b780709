using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omnichannel.Domain.Identity;
using Omnichannel.Hosting.Http;
using Omnichannel.Hosting.Security;
using Omnichannel.Portal.Identity;

namespace Omnichannel.Portal.Http;

/// <summary>
/// The identity referents' API (role <c>referent</c>, or admins): the work list of people with conflicts, the
/// preview of a split or a merge (the people it would leave and the figures it would change), and the
/// decision itself, audited and sent to the journey service.
/// </summary>
public static class IdentityEndpoints
{
    private const int WorkListSize = 200;

    public static RouteGroupBuilder MapIdentityEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/identity").WithTags("Identity").RequireAuthorization(OmnichannelRoles.Referent).ProducesSessionProblems();
        group.MapGet("/conflicts", ConflictsAsync).WithName("IdentityConflicts")
            .WithSummary("People whose stitching was refused somewhere (conflicts) or who hold a shared identifier, for the referents' work list")
            .WithDescription("Person ids, and for each conflict the identifier's type, the other person and the split that kept them apart if one did; no identifier values (open a person's preview, audited, to see them).")
            .Produces<IReadOnlyList<ConflictedPerson>>().ProducesValidationProblem();
        group.MapGet("/claims", ClaimsAsync).WithName("IdentityClaims")
            .WithSummary("Claims for the referents' work list: interactions that declared an identifier another person holds")
            .WithDescription("The interaction, the type of identifier, the claimant and the holder (person ids); no identifier values. Claims a referent dismissed are left out.")
            .Produces<IReadOnlyList<ClaimSummary>>().ProducesValidationProblem();
        group.MapPost("/preview", PreviewAsync).WithName("PreviewIdentityDecision")
            .WithSummary("What a split or a merge would do: the people it would leave, the figures it would change, why it would be refused")
            .WithDescription("Nothing is written to the journeys. Each person looked at is written to the audit log (identity-review).")
            .DocumentsBody<IdentityDecisionRequest>("""{"kind":"split","personId":"p-0123456789abcdef0123456789abcdef","identifiers":[{"type":"email","value":"w@example.fr"}]}""")
            .Produces<DecisionPreview>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapPost("/decisions", DecideAsync).WithName("ApplyIdentityDecision")
            .WithSummary("Splits a person or merges two: audited, then applied by the journey service (202)")
            .WithDescription("The same body as the preview, with a reason. People a split separated are never merged again automatically; a referent's merge joins them. Both journeys are reclassified and the dashboards follow.")
            .DocumentsBody<IdentityDecisionRequest>("""{"kind":"merge","personId":"p-0123456789abcdef0123456789abcdef","otherPersonId":"p-fedcba9876543210fedcba9876543210","reason":"Même usager : pièce d'identité vérifiée au guichet"}""")
            .Produces<DecisionReceipt>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return group;
    }

    private static async Task<IResult> ConflictsAsync(HttpRequest request, Journey.Store.IJourneyReader store, CancellationToken cancellationToken)
    {
        var query = new QueryReader(request.Query, []);
        if (!query.IsValid)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "The request is not valid.");
        }

        var people = await store.ListPeopleWithConflictsAsync(WorkListSize, cancellationToken);
        return TypedResults.Ok(people.Select(ConflictedPerson.Of).ToList());
    }

    private static async Task<IResult> ClaimsAsync(HttpRequest request, Journey.Store.IJourneyReader store, CancellationToken cancellationToken)
    {
        var query = new QueryReader(request.Query, []);
        if (!query.IsValid)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "The request is not valid.");
        }

        return TypedResults.Ok(await ClaimSummary.OpenAsync(store, WorkListSize, cancellationToken));
    }

    private static Task<IResult> PreviewAsync(HttpRequest request, ClaimsPrincipal user, IdentityDecisions decisions, IdentifierNormalizer normalizer, CancellationToken cancellationToken) =>
        WithBodyAsync(request, normalizer, needsReason: false, async read =>
            await decisions.PreviewAsync(read, user.Identity!.Name!, cancellationToken) is { } preview ? TypedResults.Ok(preview) : NotFound());

    private static Task<IResult> DecideAsync(HttpRequest request, ClaimsPrincipal user, IdentityDecisions decisions, IdentifierNormalizer normalizer, CancellationToken cancellationToken) =>
        WithBodyAsync(request, normalizer, needsReason: true, async read =>
            await decisions.ApplyAsync(read, user.Identity!.Name!, cancellationToken) is { } id ? TypedResults.Accepted((string?)null, new DecisionReceipt(id)) : NotFound());

    private static async Task<IResult> WithBodyAsync(HttpRequest request, IdentifierNormalizer normalizer, bool needsReason, Func<ReadDecision, Task<IResult>> handle)
    {
        var (document, refusal) = await JsonBody.ReadAsync(request, IdentityDecisionRequest.MaxBytes, request.HttpContext.RequestAborted);
        if (refusal is not null)
        {
            return refusal;
        }

        using (document)
        {
            var (read, errors) = IdentityDecisionRequest.Read(document!.RootElement, normalizer, needsReason);
            if (read is null)
            {
                return TypedResults.ValidationProblem(errors, title: "The request is not valid.", detail: "See 'errors': each JSON path with the reasons it was refused.");
            }

            try
            {
                return await handle(read);
            }
            catch (ArgumentException cannot)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The decision cannot apply", detail: cannot.Message);
            }
        }
    }

    private static IResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "Nobody has this person id.");
}

/// <summary>A decision sent to the journey service.</summary>
public sealed record DecisionReceipt(string DecisionId);

/// <summary>A person of the referents' work list: their conflicts and the types of their shared identifiers, without identifier values.</summary>
public sealed record ConflictedPerson(string PersonId, IReadOnlyList<ConflictSummary> Conflicts)
{
    public IReadOnlyList<Contracts.IdentifierType> SharedIdentifierTypes { get; init; } = [];

    public static ConflictedPerson Of(Journey.Store.StoredPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var snapshot = person.Snapshot;
        return new(snapshot.Id, [.. snapshot.Conflicts.Where(c => !snapshot.Dismissals.Any(d => d.Covers(c.Identifier))).Select(c => new ConflictSummary(
            c.Identifier.Type,
            c.OwnerId == snapshot.Id ? c.OtherPersonId : c.OwnerId,
            c.SeparatedBy is null ? c.StrongType : null,
            c.SeparatedBy))])
        {
            SharedIdentifierTypes = [.. snapshot.SharedIdentifiers.Select(i => i.Type)],
        };
    }
}

/// <summary>A claim of the work list, without identifier values: which interaction, which kind of identifier, who claims, who holds.</summary>
public sealed record ClaimSummary(People.KeyView Interaction, Contracts.IdentifierType IdentifierType, string ClaimantPersonId, string HolderPersonId)
{
    /// <summary>The claims no referent dismissed, at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<ClaimSummary>> OpenAsync(Journey.Store.IJourneyReader store, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var claims = await store.ListClaimsAsync(limit, cancellationToken);
        var open = new List<ClaimSummary>();
        var claimants = new Dictionary<string, Journey.Store.StoredPerson?>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            if (!claimants.TryGetValue(claim.ClaimantId, out var claimant))
            {
                claimants[claim.ClaimantId] = claimant = await store.LoadPersonAsync(claim.ClaimantId, cancellationToken);
            }

            if (claimant is null || !claimant.Snapshot.Dismissals.Any(d => d.Covers(claim.Interaction, claim.Identifier)))
            {
                open.Add(new ClaimSummary(People.KeyView.Of(claim.Interaction), claim.Identifier.Type, claim.ClaimantId, claim.HolderId));
            }
        }

        return open;
    }
}

/// <summary>One conflict: which kind of identifier linked the two, the other person, and why they stay apart.</summary>
public sealed record ConflictSummary(Contracts.IdentifierType IdentifierType, string? OtherPersonId, Contracts.IdentifierType? DifferingStrongType, string? SeparatedBy);
