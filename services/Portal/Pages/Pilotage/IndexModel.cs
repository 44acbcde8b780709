using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
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
    public static IReadOnlyList<(string Code, string Label)> Channels { get; } =
        [("web", "Portail"), ("phone", "Téléphone"), ("email", "Courriel"), ("sms", "SMS"), ("chat", "Messagerie"), ("counter", "Guichet"), ("mail", "Courrier")];

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
    }
}
