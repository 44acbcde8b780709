using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Omnichannel.Portal.Http;

/// <summary>
/// <c>/assets/...</c>: the pages' scripts and styles and the npm libraries, embedded in this assembly at build.
/// Anonymous, since the sign-in page needs its styles; nothing here is personal.
/// </summary>
public static class AssetEndpoints
{
    private static readonly Assembly Assembly = typeof(AssetEndpoints).Assembly;
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly HashSet<string> Names = [.. Assembly.GetManifestResourceNames().Where(n => n.StartsWith("assets/", StringComparison.Ordinal))];

    public static RouteHandlerBuilder MapAssetEndpoints(this IEndpointRouteBuilder routes)
    {
        // Browsers ask for /favicon.ico whatever the page says: the same icon, rather than a 404 in every log.
        routes.MapGet("/favicon.ico", () => Results.Redirect("/assets/favicon.svg", permanent: true)).AllowAnonymous().ExcludeFromDescription();
        return routes.MapGet("/assets/{**path}", (string path, HttpContext context) =>
            {
                var name = "assets/" + path;
                if (!Names.Contains(name))
                {
                    return Results.NotFound();
                }

                context.Response.Headers[HeaderNames.CacheControl] = "public, max-age=3600";
                var type = ContentTypes.TryGetContentType(name, out var known) ? known : "application/octet-stream";
                return Results.Stream(Assembly.GetManifestResourceStream(name)!, type);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
    }
}
