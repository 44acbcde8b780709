using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omnichannel.Contracts;
using Omnichannel.Hosting.Security;
using Omnichannel.Portal.Audit;
using Omnichannel.Portal.People;

namespace Omnichannel.Portal.Pages.Conseiller;

/// <summary>
/// The advisor's page: find a citizen by phone, email, tax number or portal account and read their whole
/// history; the calls the advisor answers bring the caller's history up by themselves.
/// </summary>
[Authorize(Policy = OmnichannelRoles.Advisor)]
public sealed class IndexModel(PeopleReader people) : PageModel
{
    /// <summary>The identifier types an advisor searches by, with their French names.</summary>
    public static IReadOnlyList<(string Code, string Label)> SearchTypes { get; } =
        [.. new[] { IdentifierType.Phone, IdentifierType.Email, IdentifierType.TaxId, IdentifierType.AccountId }.Select(t => (WireNames.Of(t), Labels.Identifier(t)))];

    [BindProperty(SupportsGet = true, Name = "type")]
    public string Type { get; set; } = "phone";

    [BindProperty(SupportsGet = true, Name = "valeur")]
    public string? Valeur { get; set; }

    [BindProperty(SupportsGet = true, Name = "raison")]
    public string Raison { get; set; } = "incoming-call";

    public string? Erreur { get; private set; }

    public JourneyView? Journey { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Valeur))
        {
            return Page();
        }

        if (!SearchTypes.Any(t => t.Code == Type) || !AccessReasons.IsKnown(Raison))
        {
            Erreur = "Choisissez un type d'identifiant et un motif de consultation dans les listes.";
            return Page();
        }

        var normalized = people.Normalize(PeopleReader.Types[Type], Valeur, "valeur");
        if (!normalized.IsValid)
        {
            Erreur = $"« {Valeur} » n'est pas un {SearchTypes.First(t => t.Code == Type).Label.ToLowerInvariant()} valide.";
            return Page();
        }

        if (await people.FindAsync(normalized.Value!, cancellationToken) is not { } personId)
        {
            Erreur = "Aucun usager connu avec cet identifiant.";
            return Page();
        }

        Journey = await people.OpenAsync(personId, User.Identity!.Name!, Raison, "page", null, cancellationToken);
        return Page();
    }
}
