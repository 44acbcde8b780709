using Omnichannel.Domain.Motives;
using Xunit;

namespace Omnichannel.Portal.Tests;

/// <summary>Issue 21, the motive catalogue: French labels and families, configurable, unknown codes shown as codes.</summary>
public sealed class MotiveCatalogueTests
{
    [Theory]
    [InlineData("income-tax.correction", "Correction de la déclaration de revenus")]
    [InlineData("pas.rate", "Taux du prélèvement à la source")]
    [InlineData("refund.status", "Suivi d'un remboursement")]
    [InlineData("something.new", "something.new")]
    [InlineData(null, "sans motif")]
    public void A_code_reads_as_its_french_label_and_an_unknown_one_as_itself(string? code, string label) =>
        Assert.Equal(label, MotiveCatalogue.Standard.Label(code));

    [Fact]
    public void Every_motive_of_the_demo_month_is_labelled()
    {
        foreach (var code in new[] { "income-tax.correction", "income-tax.question", "pas.rate", "pas.modulation", "property-tax.question", "property-tax.payment", "refund.status", "housing-tax.exemption", "appointment.request", "account.access" })
        {
            Assert.NotNull(MotiveCatalogue.Standard.Find(code));
        }
    }

    [Fact]
    public void A_deployment_adds_and_relabels_motives()
    {
        var catalogue = MotiveCatalogue.Standard.With([new Motive("pas.rate", "Taux PAS", "PAS"), new Motive("cfe.question", "Cotisation foncière des entreprises", "Professionnels")]);

        Assert.Equal("Taux PAS", catalogue.Label("pas.rate"));
        Assert.Equal("Cotisation foncière des entreprises", catalogue.Label("cfe.question"));
        Assert.Equal("Taux du prélèvement à la source", MotiveCatalogue.Standard.Label("pas.rate"));
        Assert.Contains(catalogue.All, m => m.Family == "Professionnels");
    }

    [Fact]
    public void A_family_whose_motives_share_a_prefix_is_offered_as_that_prefix()
    {
        var families = MotiveCatalogue.Standard.Families();

        Assert.Contains(("Impôt sur le revenu", (string?)"income-tax"), families);
        Assert.Contains(("Remboursements", (string?)null), families);
    }
}
