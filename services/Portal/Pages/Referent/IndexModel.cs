using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omnichannel.Contracts;
using Omnichannel.Hosting.Security;
using Omnichannel.Journey.Store;
using Omnichannel.Portal.Audit;
using Omnichannel.Portal.Http;
using Omnichannel.Portal.Identity;
using Omnichannel.Portal.People;

namespace Omnichannel.Portal.Pages.Referent;

/// <summary>
/// The identity referents' page: the work list of people whose stitching was refused somewhere, a person's
/// identifiers and history, and the two decisions stitching cannot take, split and merge, each previewed
/// (the people it would leave, the figures it would change) before it is confirmed with a reason.
/// </summary>
[Authorize(Policy = OmnichannelRoles.Referent)]
public sealed class IndexModel(PeopleReader people, IJourneyReader store, IdentityDecisions decisions) : PageModel
{
    /// <summary>The identifier types a referent searches by, with their French names.</summary>
    public static IReadOnlyList<(string Code, string Label)> SearchTypes => IdentifierField.Types;

    [BindProperty(SupportsGet = true, Name = "personne")]
    public string? Personne { get; set; }

    [BindProperty(SupportsGet = true, Name = "decision")]
    public string? DecisionEnvoyee { get; set; }

    [BindProperty(Name = "type")]
    public string Type { get; set; } = "phone";

    [BindProperty(Name = "valeur")]
    public string? Valeur { get; set; }

    /// <summary>split, merge or share.</summary>
    [BindProperty(Name = "nature")]
    public string? Nature { get; set; }

    /// <summary>For a split: the identifiers that leave; for a share, those marked shared; as type:value.</summary>
    [BindProperty(Name = "quittent")]
    public List<string> Quittent { get; set; } = [];

    /// <summary>For a merge: the other person, found by an identifier.</summary>
    [BindProperty(Name = "autre")]
    public string? Autre { get; set; }

    [BindProperty(Name = "raison")]
    public string? Raison { get; set; }

    /// <summary>For a dismissed claim: the interaction that declared the identifier.</summary>
    [BindProperty(Name = "source")]
    public string? Source { get; set; }

    [BindProperty(Name = "interaction")]
    public string? InteractionId { get; set; }

    public IReadOnlyList<ClaimSummary> Claims { get; private set; } = [];

    public string? Erreur { get; private set; }

    public JourneyView? Journey { get; private set; }

    public IReadOnlyList<ConflictedPerson> WorkList { get; private set; } = [];

    public DecisionPreview? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Finds a person by an identifier (posted, never in the URL), then shows them by id.</summary>
    public async Task<IActionResult> OnPostRechercheAsync(CancellationToken cancellationToken)
    {
        if (await FindAsync(Type, Valeur, cancellationToken) is not { } personId)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        return RedirectToPage(new { personne = personId });
    }

    /// <summary>Why a decision cannot apply, in French; a request the page itself should not have sent says so.</summary>
    private static string French(ArgumentException cannot) =>
        cannot is Identity.DecisionRefusedException refused ? refused.French : "la demande n'est pas valide (rechargez la page et recommencez).";

    public async Task<IActionResult> OnPostApercuAsync(CancellationToken cancellationToken)
    {
        if (await ReadAsync(needsReason: false, cancellationToken) is { } request)
        {
            try
            {
                Preview = await decisions.PreviewAsync(request, User.Identity!.Name!, cancellationToken);
                Erreur = Preview is null ? "Usager inconnu." : null;
            }
            catch (ArgumentException cannot)
            {
                Erreur = $"Cette décision ne peut pas s'appliquer : {French(cannot)}";
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAppliquerAsync(CancellationToken cancellationToken)
    {
        if (await ReadAsync(needsReason: true, cancellationToken) is { } request)
        {
            try
            {
                if (await decisions.ApplyAsync(request, User.Identity!.Name!, cancellationToken) is { } decisionId)
                {
                    return RedirectToPage(new { personne = Personne, decision = decisionId });
                }

                Erreur = "Usager inconnu.";
            }
            catch (ArgumentException cannot)
            {
                Erreur = $"Cette décision ne peut pas s'appliquer : {French(cannot)}";
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        WorkList = [.. (await store.ListPeopleWithConflictsAsync(50, cancellationToken)).Select(ConflictedPerson.Of).Where(p => p.Conflicts.Count > 0 || p.SharedIdentifierTypes.Count > 0)];
        Claims = await ClaimSummary.OpenAsync(store, 50, cancellationToken);
        if (!string.IsNullOrWhiteSpace(Personne))
        {
            Journey = await people.OpenAsync(Personne, User.Identity!.Name!, AccessReasons.IdentityReview, "page", null, cancellationToken);
            Erreur ??= Journey is null ? "Aucun usager connu avec cette référence." : null;
        }
    }

    private async Task<string?> FindAsync(string type, string? value, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(value) || !IdentifierField.IsType(type))
        {
            Erreur = "Choisissez un type d'identifiant et saisissez sa valeur.";
            return null;
        }

        var (identifier, refused) = IdentifierField.Read(people, type, value);
        if (identifier is null)
        {
            Erreur = refused;
            return null;
        }

        var found = await people.FindAsync(identifier, cancellationToken);
        Erreur = found is null ? "Aucun usager connu avec cet identifiant." : null;
        return found;
    }

    /// <summary>The decision the form describes, or null with <see cref="Erreur"/> set.</summary>
    private async Task<ReadDecision?> ReadAsync(bool needsReason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Personne) || Nature is not ("split" or "merge" or "share" or "dismiss-claim" or "dismiss-conflict"))
        {
            Erreur = "Choisissez une décision : séparer, fusionner, marquer partagé ou écarter.";
            return null;
        }

        var reason = Raison?.Trim();
        if (needsReason && (reason is null || reason.Length < 3 || reason.Length > 500 || !Domain.Text.IsPrintable(reason)))
        {
            Erreur = "Indiquez la raison de la décision (3 à 500 caractères) : elle est enregistrée au journal.";
            return null;
        }

        if (Nature is "split" or "share" or "dismiss-claim" or "dismiss-conflict")
        {
            var chosen = Quittent.Select(Parse).OfType<Identifier>().ToList();
            if (chosen.Count == 0)
            {
                Erreur = "Cochez au moins un identifiant.";
                return null;
            }

            var kind = Nature switch
            {
                "split" => IdentityDecisionKind.Split,
                "share" => IdentityDecisionKind.MarkShared,
                "dismiss-claim" => IdentityDecisionKind.DismissClaim,
                _ => IdentityDecisionKind.DismissConflict,
            };
            var interaction = Source is { Length: > 0 } && InteractionId is { Length: > 0 } ? new InteractionKey { Source = Source, Id = InteractionId } : (InteractionKey?)null;
            return new ReadDecision(kind, Personne, [chosen[0], .. kind is IdentityDecisionKind.Split or IdentityDecisionKind.MarkShared ? chosen.Skip(1) : []], null, reason) { Interaction = interaction };
        }

        var other = Autre;
        if (string.IsNullOrWhiteSpace(other))
        {
            other = await FindAsync(Type, Valeur, cancellationToken);
            if (other is null)
            {
                return null;
            }

            Autre = other;
        }

        return new ReadDecision(IdentityDecisionKind.Merge, Personne, [], other, reason);
    }

    /// <summary>An identifier as the form carries it, <c>type:value</c>, normalized again.</summary>
    private Identifier? Parse(string posted)
    {
        var colon = posted.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !PeopleReader.Types.TryGetValue(posted[..colon], out var type))
        {
            return null;
        }

        var normalized = people.Normalize(type, posted[(colon + 1)..], "quittent");
        return normalized.IsValid ? normalized.Value : null;
    }

    /// <summary>
    /// The identifiers a recorded merge brought: those still linked to the one it went through when the links
    /// of the interaction (or decision) that made it are left out. Splitting them off undoes the merge.
    /// </summary>
    public static IReadOnlyList<Identifier> BroughtBy(JourneyView journey, MergeView merge)
    {
        ArgumentNullException.ThrowIfNull(journey);
        ArgumentNullException.ThrowIfNull(merge);
        var parent = journey.Identifiers.ToDictionary(i => i, i => i);
        Identifier Root(Identifier identifier)
        {
            while (!parent[identifier].Equals(identifier))
            {
                identifier = parent[identifier] = parent[parent[identifier]];
            }

            return identifier;
        }

        foreach (var interaction in journey.Interactions.Where(i => i.Key != merge.Interaction))
        {
            var linked = Domain.Identity.IdentityLinks.Linking(interaction.Identifiers, interaction.Channel).Where(parent.ContainsKey).ToList();
            foreach (var identifier in linked.Skip(1))
            {
                parent[Root(identifier)] = Root(linked[0]);
            }
        }

        return parent.ContainsKey(merge.Through) ? [.. journey.Identifiers.Where(i => Root(i).Equals(Root(merge.Through)))] : [];
    }

    /// <summary>How the form carries an identifier.</summary>
    public static string Posted(Identifier identifier) => $"{WireNames.Of(identifier.Type)}:{identifier.Value}";
}
