using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;

namespace Omnichannel.Hosting.Security;

/// <summary>
/// Each session has an id of its own (claim <c>sid</c>), so that signing out revokes that session on the
/// server, not only the browser's copy of its cookie.
/// </summary>
internal static class SessionIds
{
    public const string ClaimType = "sid";

    public static Task AddAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is ClaimsIdentity identity && identity.FindFirst(ClaimType) is null)
        {
            identity.AddClaim(new Claim(ClaimType, Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));
        }

        return Task.CompletedTask;
    }

    /// <summary>A cookie without a session id, or of a session signed out, opens nothing.</summary>
    public static async Task RefuseRevokedAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirst(ClaimType)?.Value;
        var revoked = context.HttpContext.RequestServices.GetRequiredService<RevokedSessions>();
        if (id is null || await revoked.IsRevokedAsync(id, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>Revokes the signed-out session for as long as its cookie could still be valid.</summary>
    public static async Task RevokeAsync(CookieSigningOutContext context, TimeSpan lifetime)
    {
        if (context.HttpContext.User.FindFirst(ClaimType)?.Value is { } id)
        {
            var services = context.HttpContext.RequestServices;
            var until = services.GetRequiredService<TimeProvider>().GetUtcNow() + lifetime;
            await services.GetRequiredService<RevokedSessions>().RevokeAsync(id, until, CancellationToken.None);
        }
    }
}
