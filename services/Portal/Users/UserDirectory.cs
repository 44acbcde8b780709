using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Omnichannel.Hosting.Security;

namespace Omnichannel.Portal.Users;

/// <summary>The built-in sign-in: configured people, passwords checked against their Identity hashes.</summary>
public sealed class UserDirectory(IOptions<PortalOptions> options)
{
    public const string AgentIdClaim = "omnichannel:agent";

    public const string ServiceClaim = "omnichannel:service";

    private static readonly PasswordHasher<PortalUser> Hasher = new();

    /// <summary>A dummy hash checked when the name is unknown, so that a wrong name costs as long as a wrong password.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword(new PortalUser(), Guid.NewGuid().ToString());

    /// <summary>The signed-in identity, or null when the name or the password is wrong.</summary>
    public ClaimsPrincipal? SignIn(string name, string password)
    {
        var user = options.Value.Users.FirstOrDefault(u => string.Equals(u.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        var verdict = Hasher.VerifyHashedPassword(user ?? new PortalUser(), user?.PasswordHash ?? DecoyHash, password ?? "");
        if (user is null || verdict == PasswordVerificationResult.Failed || !OmnichannelRoles.All.Contains(user.Role))
        {
            return null;
        }

        List<Claim> claims =
        [
            new(ClaimTypes.Name, user.Name),
            new(ClaimTypes.GivenName, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Name : user.DisplayName),
            new(ClaimTypes.Role, user.Role),
        ];
        if (!string.IsNullOrWhiteSpace(user.AgentId))
        {
            claims.Add(new Claim(AgentIdClaim, user.AgentId));
        }

        if (!string.IsNullOrWhiteSpace(user.Service))
        {
            claims.Add(new Claim(ServiceClaim, user.Service));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>The name a configured user is shown by (« Camille Martin »); the login itself for anyone else (a system or a former user).</summary>
    public string DisplayName(string login)
    {
        var user = options.Value.Users.FirstOrDefault(u => string.Equals(u.Name, login, StringComparison.OrdinalIgnoreCase));
        return user is null || string.IsNullOrWhiteSpace(user.DisplayName) ? login : user.DisplayName;
    }

    /// <summary>An Identity hash of a password, for the configuration.</summary>
    public static string Hash(string password) => Hasher.HashPassword(new PortalUser(), password);
}
