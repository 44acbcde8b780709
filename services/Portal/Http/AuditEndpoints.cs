using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omnichannel.Hosting.Http;
using Omnichannel.Hosting.Security;
using Omnichannel.Portal.Audit;

namespace Omnichannel.Portal.Http;

/// <summary><c>GET /api/v1/audit</c>: who opened whose history, latest first; admins only.</summary>
public static class AuditEndpoints
{
    public const int MaxLimit = 1000;
    private static readonly string[] Parameters = ["personId", "user", "limit"];

    public static RouteHandlerBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/audit", async (HttpRequest request, IAuditLog audit, CancellationToken cancellationToken) =>
            {
                var query = Read(request.Query);
                return query.Reader.IsValid
                    ? Results.Ok(await audit.ReadAsync(query.Audit, cancellationToken))
                    : TypedResults.ValidationProblem(query.Reader.Errors, title: "The request is not valid.", detail: "See 'errors': each parameter with the reasons it was refused.");
            })
            .RequireAuthorization(OmnichannelRoles.Admin)
            .WithTags("Audit")
            .WithName("AuditLog")
            .WithSummary("Every opening of a person's history: who, whom, when, why; latest first")
            .DocumentsQuery(
                new QueryParameter("personId", "Only openings of this person's history."),
                new QueryParameter("user", "Only openings by this user."),
                new QueryParameter("limit", $"At most this many entries, 1-{MaxLimit}; 200 by default.", Integer: true))
            .ProducesSessionProblems()
            .Produces<IReadOnlyList<AuditEntry>>().ProducesValidationProblem();

    /// <summary>The audit query of a request's parameters (the admin page reads the same ones).</summary>
    public static (QueryReader Reader, AuditQuery Audit) Read(IQueryCollection parameters)
    {
        var reader = new QueryReader(parameters, Parameters);
        var limit = 200;
        if (reader.Single("limit") is { } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            reader.Fail("limit", $"Must be a whole number from 1 to {MaxLimit}.");
        }

        return (reader, new AuditQuery(Blank(reader.Single("personId")), Blank(reader.Single("user")), limit));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
