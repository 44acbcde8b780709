namespace Omnichannel.Hosting.Http;

/// <summary>
/// The days a query or a page may name: far wider than any administration's records, narrow enough that the
/// arithmetic on them (a period's days, the day after, 90 days before) never leaves the calendar.
/// </summary>
public static class CalendarBounds
{
    public static readonly DateOnly FirstDay = new(1900, 1, 1);

    public static readonly DateOnly LastDay = new(2999, 12, 31);

    public static bool Contains(DateOnly day) => day >= FirstDay && day <= LastDay;
}
