using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omnichannel.Hosting.Security;

namespace Omnichannel.Portal.Pages;

/// <summary>Home: each role to its own page.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() =>
        User.IsInRole(OmnichannelRoles.Advisor) ? Redirect("/conseiller")
        : User.IsInRole(OmnichannelRoles.Manager) ? Redirect("/pilotage")
        : User.IsInRole(OmnichannelRoles.Admin) ? Redirect("/admin/journal")
        : User.IsInRole(OmnichannelRoles.Referent) ? Redirect("/referent")
        : User.IsInRole(OmnichannelRoles.Dpo) ? Redirect("/dpo")
        : Redirect("/acces-refuse");
}
