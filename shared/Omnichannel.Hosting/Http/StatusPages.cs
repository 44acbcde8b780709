using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Omnichannel.Hosting.Http;

/// <summary>
/// What an error status without a body says: problem details to programs (the APIs, the probes), and to a
/// browser asking for a page, a page in French, as the portal's users read (with its title, language and
/// a way back), rather than the framework's English line.
/// </summary>
public static class StatusPages
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        if (IsPageRequest(http.Request))
        {
            await WritePageAsync(http);
            return;
        }

        if (http.RequestServices.GetService<IProblemDetailsService>() is { } problems)
        {
            await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http });
        }
    }

    private static bool IsPageRequest(HttpRequest request) => HttpMethods.IsGet(request.Method) && IsBrowserRequest(request);

    /// <summary>A browser's request for a page or a form's post, not a program's call to an API or a probe.</summary>
    internal static bool IsBrowserRequest(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/health") && !request.Path.StartsWithSegments("/openapi")
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The French page for the response's status.</summary>
    internal static Task WritePageAsync(HttpContext http)
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(Page(http.Response.StatusCode), http.RequestAborted);
    }

    private static string Page(int status)
    {
        var (title, text) = status switch
        {
            404 => ("Page introuvable", "Cette page n'existe pas, ou ce qu'elle montrait n'existe plus (un usager effacé, une référence mal recopiée)."),
            403 => ("Accès refusé", "Votre rôle ne donne pas accès à cette page."),
            405 => ("Action impossible", "Cette page ne peut pas être demandée de cette façon."),
            429 => ("Trop de demandes", "Trop de demandes en peu de temps : patientez une minute avant de réessayer."),
            503 => ("Service momentanément indisponible", "Rien n'a été enregistré. Réessayez dans quelques secondes ; si le problème persiste, prévenez l'équipe d'exploitation."),
            >= 500 => ("Service indisponible", "Le service a rencontré un problème. Réessayez dans un instant ; si le problème persiste, prévenez l'équipe d'exploitation."),
            _ => ("Demande impossible", "Cette demande n'a pas pu aboutir."),
        };
        return $"""
            <!DOCTYPE html>
            <html lang="fr">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>{WebUtility.HtmlEncode(title)} – Omnichannel</title>
            <link rel="stylesheet" href="/assets/portal.css" /><link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" /></head>
            <body><main><section class="carte"><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(text)} (erreur {status})</p>
            <p><a href="/">Revenir à l'accueil</a></p></section></main></body>
            </html>
            """;
    }
}
