using System.Net;
using System.Threading.RateLimiting;

namespace Omnichannel.Portal.Users;

/// <summary>
/// Password guessing: at most ten sign-in attempts a minute for one name from one address. Keyed by both,
/// so that an office behind one address is not locked out by one person's typos.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const int AttemptsPerMinute = 10;

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
