using System.Globalization;
using Omnichannel.Contracts;
using PhoneNumbers;

namespace Omnichannel.Portal.Pages;

/// <summary>
/// How the pages write dates, numbers, plurals and phone numbers in French: one place, so that every page says
/// « 1er décembre 2026 », « 6 029 », « 12,5 % », « 1 contact, 2 contacts » and « 06 48 52 91 74 » alike.
/// </summary>
public static class French
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>« 1er décembre 2026 », « 2 décembre 2026 »: the first of a month is an ordinal in French.</summary>
    public static string Day(DateTimeOffset local) => $"{DayOfMonth(local)} {local.ToString("MMMM yyyy", Culture)}";

    /// <summary>« dim. 1er déc. 2026, 09:12 ».</summary>
    public static string DateTime(DateTimeOffset local) =>
        $"{local.ToString("ddd", Culture)} {DayOfMonth(local)} {local.ToString("MMM yyyy, HH:mm", Culture)}";

    /// <summary>« 6 029 »: French thousands separator (a narrow no-break space).</summary>
    public static string Number(long value) => value.ToString("N0", Culture);

    /// <summary>« 12,5 % »; « – » for a rate without denominator.</summary>
    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.#", Culture) + "\u202F%" : "–";

    /// <summary>« 0 contact », « 1 contact », « 2 contacts »: in French 0 and 1 take the singular.</summary>
    public static string Count(long value, string singular, string plural) => $"{Number(value)} {(value is >= -1 and <= 1 ? singular : plural)}";

    /// <summary>A French number as dialled in France (« 06 48 52 91 74 »), another country's as dialled from France (« +44 20 7946 0958 »).</summary>
    public static string Phone(string e164)
    {
        try
        {
            var number = Phones.Parse(e164, "FR");
            return Phones.Format(number, Phones.GetRegionCodeForNumber(number) == "FR" ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    /// <summary>An identifier's value as the pages show it: phones in their national form, the rest as stored.</summary>
    public static string Value(Identifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return identifier.Type == IdentifierType.Phone ? Phone(identifier.Value) : identifier.Value;
    }

    /// <summary>A day as the pages' date fields write it, whatever the browser's locale: « 01/12/2026 ».</summary>
    public static string DateField(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>« 1er décembre 2026 » for a calendar day.</summary>
    public static string Day(DateOnly day) => Day(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    /// <summary>
    /// Reads a date field: « 01/12/2026 » or « 1/12/2026 » as a French reader types it, and the ISO form
    /// links and bookmarks carry (« 2026-12-01 »).
    /// </summary>
    public static bool TryParseDateField(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text?.Trim(), ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static string DayOfMonth(DateTimeOffset local) => local.Day == 1 ? "1er" : local.Day.ToString(Culture);
}
