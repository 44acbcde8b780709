using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omnichannel.Hosting.Security;
using Omnichannel.Portal.Audit;
using Omnichannel.Portal.Http;

namespace Omnichannel.Portal.Pages.Admin;

/// <summary>The audit log for admins: who opened whose history, when and why; filterable by person or user.</summary>
[Authorize(Policy = OmnichannelRoles.Admin)]
public sealed class JournalModel(IAuditLog audit) : PageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public AuditQuery Query { get; private set; } = new();

    public string? Erreur { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var (reader, query) = AuditEndpoints.Read(Request.Query);
        Query = query;
        if (!reader.IsValid)
        {
            Erreur = "Filtre invalide : " + string.Join(" ", reader.Errors.SelectMany(e => e.Value.Select(v => $"{e.Key} : {v}")));
            return;
        }

        Entries = await audit.ReadAsync(query, cancellationToken);
    }
}
