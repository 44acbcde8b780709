using Omnichannel.Contracts;
using Omnichannel.Portal.People;

namespace Omnichannel.Portal.Pages;

/// <summary>
/// The pages' search by identifier (advisor, referent, DPO): the types one searches by, with their French
/// names, and the typed value read as an identifier or refused in French.
/// </summary>
public static class IdentifierField
{
    public static IReadOnlyList<(string Code, string Label)> Types { get; } =
        [.. new[] { IdentifierType.Phone, IdentifierType.Email, IdentifierType.TaxId, IdentifierType.AccountId }.Select(t => (WireNames.Of(t), Labels.Identifier(t)))];

    public static bool IsType(string? code) => Types.Any(t => t.Code == code);

    /// <summary>The identifier <paramref name="value"/> names, or why it names none (« « 12 » n'est pas un numéro de téléphone valide. »).</summary>
    public static (Identifier? Identifier, string? Erreur) Read(PeopleReader people, string type, string value)
    {
        ArgumentNullException.ThrowIfNull(people);
        var normalized = people.Normalize(PeopleReader.Types[type], value, "valeur");
        return normalized.IsValid
            ? (normalized.Value, null)
            : (null, $"« {value} » n'est pas un {Types.First(t => t.Code == type).Label.ToLowerInvariant()} valide.");
    }
}
