using Omnichannel.Hosting.Http;

namespace Omnichannel.Portal.Pages;

/// <summary>A page's « Du » and « Au » date fields (the dashboard, the admin journal): read in French, refused in French.</summary>
public static class PeriodFields
{
    /// <summary>The day a field names; null for a blank field; or why it names none.</summary>
    /// <param name="text">What the field holds.</param>
    /// <param name="name">The field as the message names it: « de début », « de fin ».</param>
    public static (DateOnly? Day, string? Erreur) Read(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        return French.TryParseDateField(text, out var day) && CalendarBounds.Contains(day)
            ? (day, null)
            : (null, $"La date {name} « {text} » n'est pas une date au format jj/mm/aaaa.");
    }

    /// <summary>Why a period that ends before it starts cannot be shown; null when it can.</summary>
    public static string? Inverted(DateOnly from, DateOnly to) =>
        from > to ? $"La période commence le {French.Day(from)}, après sa fin le {French.Day(to)} : choisissez une date de début antérieure à la date de fin." : null;
}
