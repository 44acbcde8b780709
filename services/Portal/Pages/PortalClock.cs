using Microsoft.Extensions.Options;

namespace Omnichannel.Portal.Pages;

/// <summary>Shows instants in the portal's time zone, in French.</summary>
public sealed class PortalClock(IOptions<PortalOptions> options, TimeProvider time)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateTimeOffset Now => Local(time.GetUtcNow());

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    /// <summary>"lun. 2 mars 2026, 09:12", "dim. 1er mars 2026, 09:12" (<see cref="French.DateTime"/>)</summary>
    public string DateTime(DateTimeOffset instant) => French.DateTime(Local(instant));

    /// <summary>The instant a day of the portal's time zone begins at.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, _zone.GetUtcOffset(midnight));
    }

    /// <summary>Today in the portal's time zone.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    /// <summary>"2 mars 2026", "1er mars 2026" (<see cref="French.Day(DateTimeOffset)"/>)</summary>
    public string Day(DateTimeOffset instant) => French.Day(Local(instant));
}
