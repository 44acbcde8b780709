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
}
