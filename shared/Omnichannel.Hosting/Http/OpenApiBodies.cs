using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace Omnichannel.Hosting.Http;

/// <summary>
/// Documents a JSON request body the handler reads itself. <c>Accepts&lt;T&gt;</c> would do it too, but it
/// also makes routing refuse other content types with a bare 415; the handler's own 415 says what to send.
/// </summary>
public static class OpenApiBodies
{
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}
