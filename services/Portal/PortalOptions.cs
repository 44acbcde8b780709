using System.ComponentModel.DataAnnotations;
using Omnichannel.Portal.Users;

namespace Omnichannel.Portal;

/// <summary>The portal's settings (<c>Portal__...</c>): who may sign in, and where the audit log is kept.</summary>
public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    /// <summary>The audit log's SQLite file when the journey store is SQLite; with MongoDB it is a collection.</summary>
    [Required]
    public string AuditSqlitePath { get; set; } = "data/audit.db";

    /// <summary>The time zone dates are shown in.</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>The people who may sign in with the built-in scheme (<c>Portal__Users__0__Name</c>...).</summary>
    public List<PortalUser> Users { get; set; } = [];
}
