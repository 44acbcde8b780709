using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Omnichannel.Hosting.Http;

/// <summary>
/// The OpenAPI document's security: channel systems present <c>X-Api-Key</c>; advisors, managers and admins
/// a signed-in session's cookie. Each operation says which; health and documentation need neither.
/// </summary>
public static class OpenApiSecurity
{
    public const string ApiKey = "apiKey";
    public const string Session = "session";

    public static OpenApiOptions AddOmnichannelSecurity(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "A channel system's key: it names the source and the channels it may post (configuration Ingestion__ApiKeys).",
            };
            document.Components.SecuritySchemes[Session] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = "omnichannel.session",
                Description = "The session of a user signed in at /connexion; each role reaches its own endpoints.",
            };
            foreach (var (path, item) in document.Paths)
            {
                var scheme = path.StartsWith("/api/v1/interactions", StringComparison.Ordinal) || path.StartsWith("/api/v1/channels", StringComparison.Ordinal)
                    ? ApiKey
                    : path.StartsWith("/api/v1/", StringComparison.Ordinal) ? Session : null;
                if (scheme is null || item.Operations is null)
                {
                    continue;
                }

                foreach (var operation in item.Operations.Values)
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] }];
                }
            }

            return Task.CompletedTask;
        });
    }
}
