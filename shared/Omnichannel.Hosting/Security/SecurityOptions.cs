namespace Omnichannel.Hosting.Security;

/// <summary>How signed-in sessions are kept: <c>Security__KeysPath</c>, <c>Security__SessionLifetime</c>.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// A folder shared by every process of a deployment, where the keys that protect session cookies are
    /// kept, so that a cookie issued by one role is read by another. Empty: the process's own default.
    /// </summary>
    public string? KeysPath { get; set; }

    /// <summary>A session ends after this long without a request.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// The SQLite file of sessions signed out before they expired, read by every role of a deployment (a
    /// signed-out cookie is refused everywhere). Empty: <c>revoked-sessions.db</c> in <see cref="KeysPath"/>,
    /// or <c>data/revoked-sessions.db</c> without one.
    /// </summary>
    public string? RevokedSessionsPath { get; set; }

    /// <summary>
    /// The reverse proxies (addresses, or networks such as <c>10.89.0.0/24</c>) whose <c>X-Forwarded-For</c>
    /// and <c>X-Forwarded-Proto</c> are believed: the client's address for sign-in throttling, and the scheme,
    /// so that cookies are <c>Secure</c> behind TLS. Empty: no forwarded header is believed.
    /// </summary>
    public List<string> ForwardedProxies { get; set; } = [];

    public string RevokedSessionsFile() =>
        !string.IsNullOrWhiteSpace(RevokedSessionsPath) ? RevokedSessionsPath
        : !string.IsNullOrWhiteSpace(KeysPath) ? System.IO.Path.Combine(KeysPath, "revoked-sessions.db")
        : System.IO.Path.Combine("data", "revoked-sessions.db");
}
