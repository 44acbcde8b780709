using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Omnichannel.Hosting.Security;

/// <summary>
/// The headers every answer carries. Scripts only from this origin (no inline script, no eval), no framing,
/// no sniffing, no referrer, and nothing stored by a browser or a proxy unless the endpoint said it may be
/// (the pages' assets do): histories, lookups and dashboards are personal or internal data.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// <c>style-src-attr 'unsafe-inline'</c>: the chart library writes style attributes into its tooltips;
    /// style elements and every script stay on this origin.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var response = (HttpResponse)state;
                var headers = response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                if (string.IsNullOrEmpty(headers.CacheControl))
                {
                    headers.CacheControl = "no-store";
                }

                if (response.HttpContext.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = "max-age=31536000";
                }

                return Task.CompletedTask;
            }, context.Response);
            return next();
        });

    /// <summary>
    /// The first middlewares of every role, before routing: the client as the believed proxy says, the
    /// security headers, and a 400 for a path holding a control character (<c>%0D%0A</c> decoded), which
    /// would otherwise reach the framework's log lines as it is.
    /// </summary>
    public static IApplicationBuilder UseOmnichannelEdge(this IApplicationBuilder app) =>
        app.UseForwardedHeaders().UseSecurityHeaders().Use((context, next) =>
        {
            if (context.Request.Path.Value is { } path && path.Any(char.IsControl))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "The path holds a control character.").ExecuteAsync(context);
            }

            return next();
        });
}
