using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;
using Omnichannel.Portal.Users;

namespace Omnichannel.Portal.Pages;

/// <summary>The built-in sign-in: name and password, then back where the person was going.</summary>
[AllowAnonymous]
[EnableRateLimiting(SignInThrottle.Policy)]
public sealed partial class ConnexionModel(UserDirectory users, SignInThrottle throttle, ILogger<ConnexionModel> logger) : PageModel
{
    [BindProperty]
    public string Identifiant { get; set; } = "";

    [BindProperty]
    public string MotDePasse { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Erreur { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!throttle.TryAttempt(HttpContext.Connection.RemoteIpAddress, Identifiant))
        {
            LogThrottled(logger);
            Erreur = "Trop de tentatives de connexion : réessayez dans une minute.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "60";
            return Page();
        }

        if (users.SignIn(Identifiant, MotDePasse) is not { } principal)
        {
            LogRefused(logger);
            Erreur = "Identifiant ou mot de passe incorrect.";
            MotDePasse = "";
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        LogSignedIn(logger, principal.Identity!.Name!, principal.FindFirstValue(ClaimTypes.Role)!);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {User} signed in as {Role}")]
    private static partial void LogSignedIn(ILogger logger, string user, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many sign-in attempts for one name from one address: refused for a minute")]
    private static partial void LogThrottled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sign-in was refused")]
    private static partial void LogRefused(ILogger logger);
}
