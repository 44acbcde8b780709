using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omnichannel.Hosting.Http;
using Omnichannel.Hosting.Security;
using Omnichannel.Portal.People;
using Omnichannel.Portal.Privacy;

namespace Omnichannel.Portal.Http;

/// <summary>
/// The data-protection officer's API (role <c>dpo</c>, or admins; docs/domain.md §6): find a person, export
/// everything held about them (audited), erase them (audited, carried out by the journey service), follow an
/// erasure, and see what retention did.
/// </summary>
public static class PrivacyEndpoints
{
    public static RouteGroupBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/data-protection").WithTags("Data protection").RequireAuthorization(OmnichannelRoles.Dpo).ProducesSessionProblems();
        group.MapPost("/lookup", PeopleEndpoints.LookupAsync).WithName("DataProtectionLookup")
            .WithSummary("Finds the person a citizen's request is about, by one of their identifiers")
            .WithDescription("The identifier travels in the body, never in the URL. As the advisors' lookup: the holder, or the one person who declared it; 409 for a shared identifier.")
            .DocumentsBody<LookupRequest>("""{"type":"taxId","value":"1234567890123"}""")
            .Produces<LookupResult>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/people/{personId}/export", ExportAsync).WithName("ExportPersonData")
            .WithSummary("Everything held about a person, and every audit entry about them (right of access)")
            .WithDescription("Identifiers, every interaction with its body and classification, merges, claims, conflicts, decisions, and who opened their file when and why. The export itself is written to the audit log (data-export). A merged person's id leads to the survivor.")
            .Produces<PersonExport>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/erasures", EraseAsync).WithName("ErasePerson")
            .WithSummary("Erases a person and everyone merged into them, in every store (202; the journey service carries it out)")
            .WithDescription("Identifiers, interactions, journey entries, claims, decisions and redirects go; keyed hashes of the interactions' keys stay for the configured period so that a re-post does not bring them back. The audit log keeps that the erasure happened (who, when, its id). Dashboards keep their aggregates.")
            .DocumentsBody<ErasureRequest>("""{"personId":"p-0123456789abcdef0123456789abcdef","reason":"Demande d'effacement n° 2026-0415 reçue par courrier","confirm":true}""")
            .Produces<ErasureReceipt>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/erasures/{erasureId}", ErasureAsync).WithName("ErasureStatus")
            .WithSummary("Where an erasure is: done, with what it removed (counts), or on its way")
            .Produces<ErasureStatus>().ProducesValidationProblem();
        group.MapGet("/retention", RetentionAsync).WithName("RetentionStatus")
            .WithSummary("What the last retention runs removed: interactions and people (journey role), audit entries (portal role)")
            .Produces<RetentionStatus>().ProducesValidationProblem();
        return group;
    }

    private static async Task<IResult> ExportAsync(string personId, HttpRequest request, ClaimsPrincipal user, PrivacyRequests privacy, CancellationToken cancellationToken) =>
        Refused(request) ?? (await privacy.ExportAsync(personId, user.Identity!.Name!, "api", cancellationToken) is { } export
            ? TypedResults.Ok(export)
            : NotFound());

    private static async Task<IResult> EraseAsync(HttpRequest request, ClaimsPrincipal user, PrivacyRequests privacy, CancellationToken cancellationToken)
    {
        var (document, refusal) = await JsonBody.ReadAsync(request, ErasureRequest.MaxBytes, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        using (document)
        {
            var read = ErasureRequest.Read(document!.RootElement);
            if (read.Request is not { } erasure)
            {
                return TypedResults.ValidationProblem(read.Errors, title: "The request is not valid.", detail: "See 'errors': each JSON path with the reasons it was refused.");
            }

            return await privacy.EraseAsync(erasure.PersonId, erasure.Reason, user.Identity!.Name!, cancellationToken) is { } erasureId
                ? TypedResults.Accepted($"/api/v1/data-protection/erasures/{erasureId}", new ErasureReceipt(erasureId))
                : NotFound();
        }
    }

    private static async Task<IResult> ErasureAsync(string erasureId, HttpRequest request, PrivacyRequests privacy, CancellationToken cancellationToken) =>
        Refused(request) ?? TypedResults.Ok(await privacy.ErasureAsync(erasureId, cancellationToken));

    private static async Task<IResult> RetentionAsync(HttpRequest request, PrivacyRequests privacy, CancellationToken cancellationToken) =>
        Refused(request) ?? TypedResults.Ok(await privacy.RetentionAsync(cancellationToken));

    /// <summary>These reads take no query parameter: one given is a mistake worth saying (400).</summary>
    private static IResult? Refused(HttpRequest request)
    {
        var query = new QueryReader(request.Query, []);
        return query.IsValid ? null : TypedResults.ValidationProblem(query.Errors, title: "The request is not valid.");
    }

    private static IResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "Nobody has this person id.");
}

/// <summary>An erasure sent to the journey service: follow it at <c>/api/v1/data-protection/erasures/{erasureId}</c>.</summary>
public sealed record ErasureReceipt(string ErasureId);
