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

    /// <summary>The period's first day as typed (« 01/03/2026 ») or linked (« 2026-03-01 »).</summary>
    // Declared before the list it feeds: static fields start in order.
    private static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#8F6B00", "#56B4E9"];

    /// <summary>
    /// One colour per channel, the same on every chart, never repeated: the Okabe-Ito palette, told apart by
    /// readers with any colour vision, each at least 3:1 against white but the yellow, left out.
    /// </summary>
    public static string ColoursJson { get; } = System.Text.Json.JsonSerializer.Serialize(
        Channels.Select((c, i) => (c.Code, Colour: Palette[i % Palette.Length])).ToDictionary(c => c.Code, c => c.Colour));

    [BindProperty(SupportsGet = true, Name = "du")]
    public string? DuSaisi { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public string? AuSaisi { get; set; }

    public DateOnly? Du { get; private set; }

    public DateOnly? Au { get; private set; }

    /// <summary>No period was asked: the page shows the last 90 days, then the script fits them to the data.</summary>
    public bool PeriodeParDefaut { get; private set; }

    [BindProperty(SupportsGet = true, Name = "canal")]
    public string? Canal { get; set; }

    [BindProperty(SupportsGet = true, Name = "motif")]
    public string? Motif { get; set; }

    [BindProperty(SupportsGet = true, Name = "service")]
    public string? Service { get; set; }

    /// <summary>Why the period cannot be shown, in French; null when it can.</summary>
    public string? Erreur { get; private set; }

    /// <summary>The field the error is about (« du » or « au »).</summary>
    public string? ChampEnErreur { get; private set; }

    public void OnGet()
    {
        var today = clock.Today;
        PeriodeParDefaut = string.IsNullOrWhiteSpace(DuSaisi) && string.IsNullOrWhiteSpace(AuSaisi);
        Du = Read(DuSaisi, "du", "de début");
        Au = Read(AuSaisi, "au", "de fin");
        if (Erreur is not null)
        {
            return;
        }

        Au ??= Du is { } start && start.AddDays(89) < today ? start.AddDays(89) : today;
        Du ??= Au.Value.AddDays(-89) < CalendarBounds.FirstDay ? CalendarBounds.FirstDay : Au.Value.AddDays(-89);
        if (!Channels.Any(c => c.Code == Canal))
        {
            Canal = null;
        }

        if (PeriodFields.Inverted(Du.Value, Au.Value) is { } inverted)
        {
            (Erreur, ChampEnErreur) = (inverted, "au");
        }
        else if (Au.Value.DayNumber - Du.Value.DayNumber >= MaxDays)
        {
            (Erreur, ChampEnErreur) = ($"La période couvre {French.Count(Au.Value.DayNumber - Du.Value.DayNumber + 1, "jour", "jours")} : elle ne peut pas dépasser {MaxDays} jours.", "au");
        }
    }

    private DateOnly? Read(string? text, string field, string name)
    {
        if (Erreur is not null)
        {
            return null;
        }

        var (day, refused) = PeriodFields.Read(text, name);
        if (refused is not null)
        {
            (Erreur, ChampEnErreur) = (refused, field);
        }

        return day;
    }

    /// <summary>The longest period the metrics API answers (its default <c>Metrics__MaxPeriodDays</c>).</summary>
    private const int MaxDays = 366;
}
