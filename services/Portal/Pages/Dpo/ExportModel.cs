using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omnichannel.Hosting.Security;
using Omnichannel.Portal.Privacy;

namespace Omnichannel.Portal.Pages.Dpo;

/// <summary>The export of a person's data as a printable French page (the JSON export's content); audited like it.</summary>
[Authorize(Policy = OmnichannelRoles.Dpo)]
public sealed class ExportModel(PrivacyRequests privacy) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "personne")]
    public string? Personne { get; set; }

    public PersonExport? Export { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Personne) || await privacy.ExportAsync(Personne, User.Identity!.Name!, "page", cancellationToken) is not { } export)
        {
            return NotFound();
        }

        Export = export;
        return Page();
    }
}
