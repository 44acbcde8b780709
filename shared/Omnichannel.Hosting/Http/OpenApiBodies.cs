using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace Omnichannel.Hosting.Http;

/// <summary>
/// What the OpenAPI document cannot infer from handlers that read their own request: the JSON body
/// (<c>Accepts&lt;T&gt;</c> would document it too, but it also makes routing refuse other content types
/// with a bare 415; the handler's own 415 says what to send), its example, and the query parameters read
/// through <see cref="QueryReader"/>.
/// </summary>
public static class OpenApiBodies
{
    /// <param name="builder">The endpoint.</param>
    /// <param name="example">A valid body, as JSON: shown by the reference page and by client generators.</param>
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder builder, string example) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema, Example = JsonNode.Parse(example) } },
            };
        });

    /// <summary>Declares the query parameters an endpoint reads itself.</summary>
    public static TBuilder DocumentsQuery<TBuilder>(this TBuilder builder, params QueryParameter[] parameters)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in parameters)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Required = parameter.Required,
                    Description = parameter.Description,
                    Schema = new OpenApiSchema
                    {
                        Type = parameter.Integer ? JsonSchemaType.Integer : JsonSchemaType.String,
                        Format = parameter.Format,
                        Enum = parameter.Values is null ? null : [.. parameter.Values.Select(v => (JsonNode)JsonValue.Create(v))],
                    },
                    Example = parameter.Example is null ? null : JsonValue.Create(parameter.Example),
                });
            }

            return Task.CompletedTask;
        });

    /// <summary>The refusals of an endpoint behind a signed-in session: 401 without one, 403 for another role.</summary>
    public static TBuilder ProducesSessionProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
            new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
}

/// <summary>A query parameter, for the OpenAPI document.</summary>
public sealed record QueryParameter(string Name, string Description, bool Required = false, string? Format = null, string[]? Values = null, string? Example = null, bool Integer = false);
