namespace Omnichannel.Domain.Motives;

/// <summary>
/// The motives citizens come about, with their French labels and families: one list that the pages, the
/// filters and the exports derive from. The standard list covers the demo month's motives and the usual ones
/// of a tax service; a deployment adds or relabels motives in the <c>Motives</c> section. A code the catalogue
/// does not know still shows, as its code.
/// </summary>
public sealed class MotiveCatalogue
{
    private readonly Dictionary<string, Motive> _byCode;

    public MotiveCatalogue(IEnumerable<Motive> motives)
    {
        ArgumentNullException.ThrowIfNull(motives);
        _byCode = new Dictionary<string, Motive>(StringComparer.Ordinal);
        foreach (var motive in motives)
        {
            _byCode[motive.Code] = motive;
        }

        All = [.. _byCode.Values.OrderBy(m => m.Family, StringComparer.Ordinal).ThenBy(m => m.Label, StringComparer.Ordinal)];
    }

    /// <summary>The standard motives (the demo month's among them).</summary>
    public static MotiveCatalogue Standard { get; } = new(
    [
        new("income-tax.correction", "Correction de la déclaration de revenus", "Impôt sur le revenu"),
        new("income-tax.question", "Question sur l'impôt sur le revenu", "Impôt sur le revenu"),
        new("income-tax.rate", "Taux d'imposition", "Impôt sur le revenu"),
        new("income-tax.payment", "Paiement de l'impôt sur le revenu", "Impôt sur le revenu"),
        new("pas.rate", "Taux du prélèvement à la source", "Prélèvement à la source"),
        new("pas.modulation", "Modulation du prélèvement à la source", "Prélèvement à la source"),
        new("property-tax.question", "Question sur la taxe foncière", "Taxe foncière"),
        new("property-tax.payment", "Paiement de la taxe foncière", "Taxe foncière"),
        new("housing-tax.exemption", "Exonération de taxe d'habitation", "Taxe d'habitation"),
        new("refund.status", "Suivi d'un remboursement", "Remboursements"),
        new("vat.refund", "Remboursement de TVA", "Remboursements"),
        new("appointment.request", "Demande de rendez-vous", "Accueil"),
        new("account.access", "Accès à l'espace particulier", "Espace particulier"),
        new("general.question", "Question générale", "Accueil"),
    ]);

    /// <summary>Every motive known, by family then label.</summary>
    public IReadOnlyList<Motive> All { get; }

    /// <summary>The standard list with a deployment's motives added or relabelled.</summary>
    public MotiveCatalogue With(IEnumerable<Motive> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        return new MotiveCatalogue(_byCode.Values.Concat(configured));
    }

    public Motive? Find(string? code) => code is not null && _byCode.TryGetValue(code, out var motive) ? motive : null;

    /// <summary>The French label of a code; an unknown code as itself; none: « sans motif ».</summary>
    public string Label(string? code) => code is null ? "sans motif" : Find(code)?.Label ?? code;

    /// <summary>The families, each with the code prefix that covers its motives when they share one (a filter on it covers the family).</summary>
    public IReadOnlyList<(string Family, string? Prefix)> Families() =>
        [.. All.GroupBy(m => m.Family, StringComparer.Ordinal).Select(g =>
        {
            var prefixes = g.Select(m => m.Code.Split('.')[0]).Distinct(StringComparer.Ordinal).ToList();
            return (g.Key, prefixes.Count == 1 ? prefixes[0] : (string?)null);
        })];
}
