using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
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
    public static IReadOnlyList<(string Code, string Label)> SearchTypes => IdentifierField.Types;

    /// <summary>The search form's fields: posted, never in the URL (it ends up in the browser's history and proxies' logs).</summary>
    [BindProperty(Name = "type")]
    public string Type { get; set; } = "phone";

    [BindProperty(Name = "valeur")]
    public string? Valeur { get; set; }

    [BindProperty(SupportsGet = true, Name = "raison")]
    public string Raison { get; set; } = "incoming-call";

    /// <summary>The person found by the search the page redirected from: an opaque id, fit for a URL.</summary>
    [BindProperty(SupportsGet = true, Name = "personne")]
    public string? Personne { get; set; }

    public string? Erreur { get; private set; }

    /// <summary>The search found this person by an identifier they only declared: the page says to check who calls.</summary>
    [BindProperty(SupportsGet = true, Name = "declare")]
    public string? Declare { get; set; }

    public JourneyView? Journey { get; private set; }

    /// <summary>The page, or the history of the person a search found (each opening audited).</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Personne))
        {
            return Page();
        }

        if (!AccessReasons.IsKnown(Raison))
        {
            Erreur = "Choisissez un motif de consultation dans la liste.";
            return Page();
        }

        Journey = await people.OpenAsync(Personne, User.Identity!.Name!, Raison, "page", null, cancellationToken);
        if (Journey is null)
        {
            Erreur = "Aucun usager connu avec cet identifiant.";
        }

        return Page();
    }

    /// <summary>A search: the identifier in the posted form, then a redirect to the person's id (post, redirect, get).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Valeur))
        {
            Erreur = "Saisissez la valeur de l'identifiant recherché.";
            return Page();
        }

        if (!IdentifierField.IsType(Type) || !AccessReasons.IsKnown(Raison))
        {
            Erreur = "Choisissez un type d'identifiant et un motif de consultation dans les listes.";
            return Page();
        }

        var (identifier, refused) = IdentifierField.Read(people, Type, Valeur);
        if (identifier is null)
        {
            Erreur = refused;
            return Page();
        }

        var found = await people.FindForAdvisorAsync(identifier, cancellationToken);
        if (found.PersonId is not { } personId)
        {
            Erreur = found.Shared
                ? "Cet identifiant est partagé par plusieurs usagers (accueil, famille) ou déclaré par plusieurs : il ne désigne personne en particulier. Demandez un autre identifiant."
                : "Aucun usager connu avec cet identifiant.";
            return Page();
        }

        return RedirectToPage(found.Declared ? new { personne = personId, raison = Raison, declare = "1" } : (object)new { personne = personId, raison = Raison });
    }
}
