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
    private static readonly string[] Parameters = ["personId", "user", "limit", "from", "before", "offset"];

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
                new QueryParameter("limit", $"At most this many entries, 1-{MaxLimit}; 200 by default.", Integer: true),
                new QueryParameter("from", "Only entries written at or after this instant (ISO-8601 with offset).", Format: "date-time", Example: "2026-03-01T00:00:00+01:00"),
                new QueryParameter("before", "Only entries written before this instant (ISO-8601 with offset).", Format: "date-time", Example: "2026-04-01T00:00:00+02:00"),
                new QueryParameter("offset", "Skip this many of the latest entries first (the next page).", Integer: true))
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

        var offset = 0;
        if (reader.Single("offset") is { } offsetText && (!int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > MaxOffset))
        {
            reader.Fail("offset", $"Must be a whole number from 0 to {MaxOffset}.");
        }

        return (reader, new AuditQuery(Blank(reader.Single("personId")), Blank(reader.Single("user")), limit)
        {
            From = Instant(reader, "from"),
            Before = Instant(reader, "before"),
            Skip = offset,
        });
    }

    /// <summary>The deepest page one asks by offset; further back, narrow the period.</summary>
    public const int MaxOffset = 100_000;

    private static DateTimeOffset? Instant(QueryReader reader, string name)
    {
        if (reader.Single(name) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && text.Length > 19 && (text.EndsWith('Z') || text[^6] is '+' or '-'))
        {
            return instant;
        }

        reader.Fail(name, "Must be an instant with its offset, e.g. 2026-03-01T00:00:00+01:00.");
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
