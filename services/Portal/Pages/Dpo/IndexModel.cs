using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omnichannel.Contracts;
using Omnichannel.Hosting.Security;
using Omnichannel.Journey.Store;
using Omnichannel.Portal.People;
using Omnichannel.Portal.Privacy;

namespace Omnichannel.Portal.Pages.Dpo;

/// <summary>
/// The data-protection officer's page (docs/domain.md §6): find the person a citizen's request is about, read
/// or download everything held about them (audited), erase them with a reason and a confirmation, and see what
/// retention removed. The person is shown here by opaque id and counts only; the export shows the rest.
/// </summary>
[Authorize(Policy = OmnichannelRoles.Dpo)]
public sealed class IndexModel(PeopleReader people, IJourneyReader store, PrivacyRequests privacy) : PageModel
{
    public static IReadOnlyList<(string Code, string Label)> SearchTypes => IdentifierField.Types;

    [BindProperty(SupportsGet = true, Name = "personne")]
    public string? Personne { get; set; }

    [BindProperty(SupportsGet = true, Name = "effacement")]
    public string? Effacement { get; set; }

    [BindProperty(Name = "type")]
    public string Type { get; set; } = "taxId";

    [BindProperty(Name = "valeur")]
    public string? Valeur { get; set; }

    [BindProperty(Name = "raison")]
    public string? Raison { get; set; }

    [BindProperty(Name = "confirmation")]
    public bool Confirmation { get; set; }

    public string? Erreur { get; private set; }

    /// <summary>The person found: id, identifier types, counts (no values).</summary>
    public PersonSummary? Person { get; private set; }

    public ErasureStatus? Erasure { get; private set; }

    public RetentionStatus Retention { get; private set; } = new(null, null);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Finds a person by an identifier (posted, never in the URL), then shows them by id.</summary>
    public async Task<IActionResult> OnPostRechercheAsync(CancellationToken cancellationToken)
    {
        var (identifier, refused) = string.IsNullOrWhiteSpace(Valeur) || !IdentifierField.IsType(Type)
            ? (null, "Choisissez un type d'identifiant et saisissez sa valeur.")
            : IdentifierField.Read(people, Type, Valeur);
        if (identifier is null)
        {
            Erreur = refused;
        }
        else
        {
            var found = await people.FindForAdvisorAsync(identifier, cancellationToken);
            if (found.PersonId is { } personId)
            {
                return RedirectToPage(new { personne = personId });
            }

            Erreur = found.Shared
                ? "Plusieurs usagers utilisent cet identifiant : recherchez l'usager par un autre identifiant."
                : "Aucun usager connu avec cet identifiant.";
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEffacerAsync(CancellationToken cancellationToken)
    {
        var reason = Raison?.Trim();
        if (string.IsNullOrWhiteSpace(Personne))
        {
            Erreur = "Recherchez d'abord l'usager à effacer.";
        }
        else if (reason is null || reason.Length < 3 || reason.Length > 500 || !Domain.Text.IsPrintable(reason))
        {
            Erreur = "Indiquez la référence de la demande (3 à 500 caractères, sans donnée personnelle) : elle est conservée avec l'effacement.";
        }
        else if (!Confirmation)
        {
            Erreur = "Cochez la confirmation : l'effacement est définitif.";
        }
        else if (await privacy.EraseAsync(Personne, reason, User.Identity!.Name!, cancellationToken) is { } erasureId)
        {
            return RedirectToPage(new { effacement = erasureId });
        }
        else
        {
            Erreur = "Aucun usager connu avec cette référence.";
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Retention = await privacy.RetentionAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(Effacement))
        {
            Erasure = await privacy.ErasureAsync(Effacement, cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(Personne))
        {
            var journey = await store.LoadJourneyAsync(Personne, cancellationToken);
            Person = journey is null ? null : new PersonSummary(
                journey.Person.Snapshot.Id,
                [.. journey.Person.Snapshot.Identifiers.Select(i => i.Type).Distinct()],
                journey.Interactions.Count,
                journey.MergedPersonIds.Count,
                journey.Interactions.Count == 0 ? null : journey.Interactions.Min(i => i.OccurredAt),
                journey.Interactions.Count == 0 ? null : journey.Interactions.Max(i => i.OccurredAt));
            Erreur ??= Person is null ? "Aucun usager connu avec cette référence (effacé, ou jamais connu)." : null;
        }
    }
}

/// <summary>What the page shows of a person before the export: nothing but an opaque id, kinds of identifiers and counts.</summary>
public sealed record PersonSummary(string PersonId, IReadOnlyList<IdentifierType> IdentifierTypes, int Interactions, int MergedRecords, DateTimeOffset? First, DateTimeOffset? Last);
