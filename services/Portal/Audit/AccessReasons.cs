namespace Omnichannel.Portal.Audit;

/// <summary>Why an advisor opens a history: a closed list, so that the audit log can be read and counted.</summary>
public static class AccessReasons
{
    /// <summary>The advisor verified who is calling (a claim on someone's identity): audited as a decision, then as the opening it allows.</summary>
    public const string IdentityVerified = "identity-verified";

    /// <summary>A referent examines or decides about a person's identity (split, merge).</summary>
    public const string IdentityReview = "identity-review";

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
    };

    public static bool IsKnown(string? reason) => reason is not null && Labels.ContainsKey(reason);

    public static string Label(string reason) => Labels.TryGetValue(reason, out var label) ? label : reason;
}
