using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omnichannel.Hosting.Security;
using Omnichannel.Portal.Audit;
using Omnichannel.Portal.People;

namespace Omnichannel.Portal.Pages.Conseiller;

/// <summary>A person's history as an HTML fragment, for the screen-pop to put in the open page.</summary>
[Authorize(Policy = OmnichannelRoles.Advisor)]
public sealed class HistoriqueModel(PeopleReader people) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "personne")]
    public string? Personne { get; set; }

    [BindProperty(SupportsGet = true, Name = "raison")]
    public string? Raison { get; set; }

    public JourneyView? Journey { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Personne) || !AccessReasons.IsKnown(Raison))
        {
            return BadRequest();
        }

        Journey = await people.OpenAsync(Personne, User.Identity!.Name!, Raison!, "screen-pop", null, cancellationToken);
        return Journey is null ? NotFound() : Page();
    }
}
