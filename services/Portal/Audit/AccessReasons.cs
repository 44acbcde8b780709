namespace Omnichannel.Portal.Audit;

/// <summary>Why an advisor opens a history: a closed list, so that the audit log can be read and counted.</summary>
public static class AccessReasons
{
    /// <summary>The advisor verified who is calling (a claim on someone's identity): audited as a decision, then as the opening it allows.</summary>
    public const string IdentityVerified = "identity-verified";

    /// <summary>A referent examines or decides about a person's identity (split, merge).</summary>
    public const string IdentityReview = "identity-review";

    /// <summary>The data-protection officer exported everything held about a person (a citizen's right of access).</summary>
    public const string DataExport = "data-export";

    /// <summary>The data-protection officer erased a person (the entry keeps that it happened, by whom and which request).</summary>
    public const string Erasure = "erasure";

    /// <summary>The daily retention removed old audit entries (the entry keeps how many: <c>via</c> <c>retention:N</c>).</summary>
    public const string Retention = "retention";

    /// <summary>An advisor read the list of a service's promises falling due: each person on it is audited as seen.</summary>
    public const string WorkList = "work-list";

    /// <summary>Code -> the label the pages show.</summary>
    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["incoming-call"] = "Appel entrant",
        ["callback"] = "Rappel de l'usager",
        ["email-reply"] = "Réponse à un courriel",
        ["counter-visit"] = "Accueil au guichet",
        ["mail-reply"] = "Réponse à un courrier",
        ["case-follow-up"] = "Suivi de dossier",
        [IdentityVerified] = "Identité de l'appelant vérifiée",
        [IdentityReview] = "Décision d'identité (référent)",
        [DataExport] = "Export des données (droit d'accès)",
        [Erasure] = "Effacement des données",
        [Retention] = "Durée de conservation échue",
        [WorkList] = "Liste des échéances du service",
    };

    /// <summary>A reason an advisor may give for opening a history (the data-protection ones are the DPO's and the system's own).</summary>
    public static bool IsKnown(string? reason) => reason is not null && Labels.ContainsKey(reason) && reason is not (DataExport or Erasure or Retention or WorkList);

    public static string Label(string reason) => Labels.TryGetValue(reason, out var label) ? label : reason;
}
