using System.Text.RegularExpressions;

namespace Omnichannel.Domain;

/// <summary>The text formats of DOMAIN §1 that more than one edge checks (ingestion, the metrics API).</summary>
public static partial class Formats
{
    /// <summary>An ISO-8601 date-time with its offset (Z or ±hh:mm), seconds and fractions optional.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    public static partial Regex IsoWithOffset();

    /// <summary>An instant as DOMAIN §1 writes it: ISO-8601 with its offset, nothing looser.</summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        return text is not null && IsoWithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out instant);
    }

    /// <summary>A motive: a lowercase dotted code such as <c>income-tax.correction</c>.</summary>
    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$")]
    public static partial Regex MotiveCode();
}
