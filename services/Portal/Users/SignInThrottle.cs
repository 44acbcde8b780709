using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using System.Threading.RateLimiting;

namespace Omnichannel.Portal.Users;

/// <summary>
/// Password guessing: at most ten sign-in attempts a minute for one name from one address. Keyed by both,
/// so that an office behind one address is not locked out by one person's typos, and nobody elsewhere can
/// lock a named user out: a name is refused for at most a minute, and only to the address that tried it.
/// Spraying many names from one address meets the other limit, <see cref="AttemptsPerAddressPerMinute"/>,
/// applied by ASP.NET Core's rate limiter before any password is hashed (<see cref="AddSignInRateLimit"/>).
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const int AttemptsPerMinute = 10;

    /// <summary>Sign-in attempts a minute from one client address, whatever the names tried.</summary>
    public const int AttemptsPerAddressPerMinute = 20;

    /// <summary>The rate limiter policy of the sign-in page's POST.</summary>
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInRateLimit(IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = AttemptsPerAddressPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = "60";
                response.ContentType = "text/html; charset=utf-8";
                await response.WriteAsync(
                    "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Trop de tentatives</title>"
                    + "<p>Trop de tentatives de connexion depuis cette adresse : réessayez dans une minute.</p><p><a href=\"/connexion\">Connexion</a></p></html>",
                    cancellationToken);
            };
        });

    private readonly PartitionedRateLimiter<(IPAddress?, string)> _limiter = PartitionedRateLimiter.Create<(IPAddress?, string), (IPAddress?, string)>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = AttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    /// <returns>False when this name from this address has tried too often in the last minute.</returns>
    public bool TryAttempt(IPAddress? address, string name)
    {
        using var lease = _limiter.AttemptAcquire((address, name.Trim().ToUpperInvariant()));
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
