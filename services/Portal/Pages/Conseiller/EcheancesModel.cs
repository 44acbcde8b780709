using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omnichannel.Hosting.Security;
using Omnichannel.Portal.People;
using Omnichannel.Portal.Users;

namespace Omnichannel.Portal.Pages.Conseiller;

/// <summary>
/// The advisors' work list: the demands of a service whose acknowledgement or announced deadline falls due in the
/// next days and is still owed, soonest first, each leading to the citizen's history. The service is the advisor's
/// own by default (<c>Portal__Users__N__Service</c>). Each person listed is audited as seen.
/// </summary>
[Authorize(Policy = OmnichannelRoles.Advisor)]
public sealed class EcheancesModel(WorkList workList) : PageModel
{
    public static IReadOnlyList<int> Periods { get; } = [3, 7, 14, 30];

    [BindProperty(SupportsGet = true, Name = "service")]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true, Name = "jours")]
    public int Jours { get; set; } = 7;

    public IReadOnlyList<WorkItem>? Items { get; private set; }

    public string? Erreur { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Service = string.IsNullOrWhiteSpace(Service) ? User.FindFirst(UserDirectory.ServiceClaim)?.Value : Service.Trim();
        if (!Periods.Contains(Jours))
        {
            Erreur = $"Choisissez une période dans la liste : {string.Join(", ", Periods)} jours.";
            return Page();
        }

        if (Service is null)
        {
            return Page();
        }

        Items = await workList.ReadAsync(Service, Jours, User.Identity!.Name!, cancellationToken);
        return Page();
    }
}
