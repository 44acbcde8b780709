using Microsoft.Extensions.Options;

namespace Omnichannel.Portal.Pages;

/// <summary>Shows instants in the portal's time zone, in French.</summary>
public sealed class PortalClock(IOptions<PortalOptions> options, TimeProvider time)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateTimeOffset Now => Local(time.GetUtcNow());

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    /// <summary>"lun. 2 mars 2026, 09:12"</summary>
    public string DateTime(DateTimeOffset instant) => Local(instant).ToString("ddd d MMM yyyy, HH:mm", Labels.French);

    /// <summary>"2 mars 2026"</summary>
    public string Day(DateTimeOffset instant) => Local(instant).ToString("d MMMM yyyy", Labels.French);
}
