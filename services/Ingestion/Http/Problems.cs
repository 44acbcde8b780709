using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Omnichannel.Domain;

namespace Omnichannel.Ingestion.Http;

/// <summary>RFC 7807 problem details for the channel-facing API.</summary>
public static class Problems
{
    /// <summary>400 naming every failing field by JSON path.</summary>
    public static IResult Invalid(IEnumerable<FieldError> errors, IDictionary<string, object?>? extensions = null) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()),
            title: "The interaction is not valid.",
            detail: "See 'errors': each JSON path with the reasons it was refused. Nothing was published.",
            type: "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.1",
            extensions: extensions);

    public static IResult Status(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>Documents the refusals every ingestion endpoint can answer.</summary>
    public static RouteHandlerBuilder ProducesIngestionProblems(this RouteHandlerBuilder builder) =>
        builder
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
