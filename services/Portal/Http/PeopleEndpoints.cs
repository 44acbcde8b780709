using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Omnichannel.Hosting.Http;
using Omnichannel.Hosting.Security;
using Omnichannel.Domain;
using Omnichannel.Portal.Audit;
using Omnichannel.Portal.People;

namespace Omnichannel.Portal.Http;

/// <summary>
/// The advisors' query API: who holds an identifier, and a person's whole history (audited). Managers and
/// admins get 403 here: they never reach personal data.
/// </summary>
public static class PeopleEndpoints
{
    private static readonly string[] JourneyParameters = ["reason", "asOf"];

    public static RouteGroupBuilder MapPeopleEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/people").WithTags("People").RequireAuthorization(OmnichannelRoles.Advisor).ProducesSessionProblems();
        group.MapPost("/lookup", LookupAsync).WithName("LookupPerson")
            .WithSummary("Finds the person holding an identifier")
            .WithDescription("The identifier travels in the body, never in the URL (URLs end up in browser histories and proxy logs). type: taxId, franceConnect, accountId, phone, email or cookie; value: normalized as at ingestion, '06 12 34 56 78' finds +33612345678. Nobody holding it, the one person whose interactions declared it is found with declared: true (unverified); a shared identifier, or one several people declared, is 409.")
            .DocumentsBody<LookupRequest>("""{"type":"phone","value":"06 12 34 56 78"}""")
            .Produces<LookupResult>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/{personId}/journey", JourneyAsync).WithName("PersonJourney")
            .WithSummary("A person's whole history: every interaction on every channel, demands, deadlines, merges, conflicts")
            .WithDescription("Every opening is written to the audit log with its reason. A merged person's id leads to the survivor.")
            .DocumentsQuery(
                new QueryParameter("reason", "Why the history is opened, written to the audit log.", Required: true, Values: [.. AccessReasons.Labels.Keys.Where(AccessReasons.IsKnown)]),
                new QueryParameter("asOf", "The history as known at this instant (ISO-8601 with offset); now by default.", Format: "date-time"))
            .Produces<JourneyView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>Who holds the identifier a request's body names (the advisors' lookup, and the data-protection officer's).</summary>
    internal static async Task<IResult> LookupAsync(HttpRequest request, PeopleReader people, CancellationToken cancellationToken)
    {
        var (document, refusal) = await JsonBody.ReadAsync(request, LookupRequest.MaxBytes, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        using (document)
        {
            var read = LookupRequest.Read(document!.RootElement, people);
            if (read.Errors.Count > 0)
            {
                return TypedResults.ValidationProblem(read.Errors, title: "The request is not valid.", detail: "See 'errors': each JSON path with the reasons it was refused.");
            }

            return await people.FindForAdvisorAsync(read.Identifier!, cancellationToken) switch
            {
                { PersonId: { } personId } found => TypedResults.Ok(new LookupResult(personId) { Declared = found.Declared }),
                { Shared: true } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Shared identifier",
                    detail: "Several citizens use this identifier (a front-desk phone, a family email, or several declared it): it leads to nobody in particular. Ask for another identifier."),
                _ => NotFound("Nobody holds this identifier."),
            };
        }
    }

    private static async Task<IResult> JourneyAsync(string personId, HttpRequest request, ClaimsPrincipal user, PeopleReader people, CancellationToken cancellationToken)
    {
        var query = new QueryReader(request.Query, JourneyParameters);
        var reason = query.Required("reason", "why the history is opened, one of " + string.Join(", ", AccessReasons.Labels.Keys.Where(AccessReasons.IsKnown)));
        if (reason is not null && !AccessReasons.IsKnown(reason))
        {
            query.Fail("reason", "Must be one of " + string.Join(", ", AccessReasons.Labels.Keys.Where(AccessReasons.IsKnown)) + ".");
        }

        DateTimeOffset? asOf = null;
        if (query.Single("asOf") is { } asOfText)
        {
            if (Formats.TryParseInstant(asOfText, out var parsed))
            {
                asOf = parsed;
            }
            else
            {
                query.Fail("asOf", "Must be an ISO-8601 date-time with its offset, such as 2026-03-31T23:59:59+02:00.");
            }
        }

        if (!query.IsValid)
        {
            return Invalid(query);
        }

        return await people.OpenAsync(personId, user.Identity!.Name!, reason!, "api", asOf, cancellationToken) is { } journey
            ? TypedResults.Ok(journey)
            : NotFound("Nobody has this person id.");
    }

    private static ValidationProblem Invalid(QueryReader query) =>
        TypedResults.ValidationProblem(query.Errors, title: "The request is not valid.", detail: "See 'errors': each parameter with the reasons it was refused.");

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
