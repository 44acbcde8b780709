using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omnichannel.Contracts;
using Omnichannel.Hosting.Http;
using Omnichannel.Hosting.Security;

namespace Omnichannel.Portal.Pages.Pilotage;

/// <summary>
/// The managers' dashboard: aggregates only, read by the page from the metrics API with the manager's own
/// session; nothing personal reaches it.
/// </summary>
[Authorize(Policy = OmnichannelRoles.Manager)]
public sealed class IndexModel(PortalClock clock) : PageModel
{
    /// <summary>Every channel with its French name, from the one list of each (the contract's enum, <see cref="Labels"/>).</summary>
    public static IReadOnlyList<(string Code, string Label)> Channels { get; } =
        [.. Enum.GetValues<Channel>().Select(c => (WireNames.Of(c), Labels.Channel(c)))];

    /// <summary>The same, for the page's script: <c>{"web":"Portail",...}</c> in the order of the list.</summary>
    public static string ChannelsJson { get; } =
        System.Text.Json.JsonSerializer.Serialize(Channels.ToDictionary(c => c.Code, c => c.Label));

    [BindProperty(SupportsGet = true, Name = "du")]
    public DateOnly? Du { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public DateOnly? Au { get; set; }

    [BindProperty(SupportsGet = true, Name = "canal")]
    public string? Canal { get; set; }

    [BindProperty(SupportsGet = true, Name = "motif")]
    public string? Motif { get; set; }

    [BindProperty(SupportsGet = true, Name = "service")]
    public string? Service { get; set; }

    /// <summary>Why the period cannot be shown, in French; null when it can.</summary>
    public string? Erreur { get; private set; }

    public void OnGet()
    {
        var today = DateOnly.FromDateTime(clock.Now.DateTime);
        // A day outside the calendar the metrics answer for is taken as not given: the default period.
        if (Au is { } end && (!CalendarBounds.Contains(end) || end < CalendarBounds.FirstDay.AddDays(89)))
        {
            Au = null;
        }

        if (Du is { } du && !CalendarBounds.Contains(du))
        {
            Du = null;
        }

        Au ??= today;
        Du ??= Au.Value.AddDays(-89);
        if (!Channels.Any(c => c.Code == Canal))
        {
            Canal = null;
        }

        if (Du > Au)
        {
            Erreur = $"La période commence le {French.Day(new DateTimeOffset(Du.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))}, après sa fin le {French.Day(new DateTimeOffset(Au.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))} : choisissez une date de début antérieure à la date de fin.";
        }
        else if (Au.Value.DayNumber - Du.Value.DayNumber >= MaxDays)
        {
            Erreur = $"La période couvre {French.Count(Au.Value.DayNumber - Du.Value.DayNumber + 1, "jour", "jours")} : elle ne peut pas dépasser {MaxDays} jours.";
        }
    }

    /// <summary>The longest period the metrics API answers (its default <c>Metrics__MaxPeriodDays</c>).</summary>
    private const int MaxDays = 366;
}
