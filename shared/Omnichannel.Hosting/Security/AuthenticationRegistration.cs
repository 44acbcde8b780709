using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Omnichannel.Hosting.Security;

/// <summary>
/// Sign-in for every role of the host: an ASP.NET Core cookie session (the built-in scheme; an OpenID
/// Connect handler can replace the sign-in page later without touching the policies). Nothing is anonymous
/// unless it says so: health, the sign-in page and the channel systems' API, which has its own keys.
/// </summary>
public static class AuthenticationRegistration
{
    public const string SignInPath = "/connexion";
    public const string AccessDeniedPath = "/acces-refuse";

    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The <c>Security</c> section: the shared key ring and the session's lifetime.</param>
    /// <param name="signInPageHere">
    /// Whether this node serves the sign-in page (the portal role). A node without it answers 401/403 to
    /// everything instead of redirecting a browser to a page it does not have; behind the gateway, pages
    /// never reach such a node.
    /// </param>
    public static IServiceCollection AddOmnichannelAuthentication(this IServiceCollection services, IConfiguration configuration, bool signInPageHere = true)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        var protection = services.AddDataProtection().SetApplicationName("Omnichannel");
        if (!string.IsNullOrWhiteSpace(options.KeysPath))
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(options.KeysPath));
        }

        services.AddForwardedProxies(options.ForwardedProxies);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new RevokedSessions(options.RevokedSessionsFile(), sp.GetRequiredService<TimeProvider>()));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Events.OnSigningIn = SessionIds.AddAsync;
                cookie.Events.OnValidatePrincipal = SessionIds.RefuseRevokedAsync;
                cookie.Events.OnSigningOut = context => SessionIds.RevokeAsync(context, options.SessionLifetime);
                cookie.Cookie.Name = "omnichannel.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = options.SessionLifetime;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = SignInPath;
                cookie.AccessDeniedPath = AccessDeniedPath;
                // An API caller gets a status, not a sign-in page.
                cookie.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized, signInPageHere);
                cookie.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden, signInPageHere);
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(OmnichannelRoles.Advisor, policy => policy.RequireRole(OmnichannelRoles.Advisor))
            .AddPolicy(OmnichannelRoles.Manager, policy => policy.RequireRole(OmnichannelRoles.Manager))
            .AddPolicy(OmnichannelRoles.Admin, policy => policy.RequireRole(OmnichannelRoles.Admin))
            .AddPolicy(OmnichannelRoles.Referent, policy => policy.RequireRole(OmnichannelRoles.Referent, OmnichannelRoles.Admin))
            .AddPolicy(OmnichannelRoles.Dpo, policy => policy.RequireRole(OmnichannelRoles.Dpo, OmnichannelRoles.Admin));
        return services;
    }

    private static Task Answer(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status, bool signInPageHere)
    {
        var path = context.Request.Path;
        if (!signInPageHere || path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
