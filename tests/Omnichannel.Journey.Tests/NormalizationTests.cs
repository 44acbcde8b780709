using Omnichannel.Contracts;
using Omnichannel.Domain.Identity;
using Xunit;

namespace Omnichannel.Journey.Tests;

/// <summary>DOMAIN §1, identifier normalization.</summary>
public sealed class NormalizationTests
{
    private const string Path = "$.identifiers[0].value";
    private readonly IdentifierNormalizer _normalizer = new();

    private NormalizationResult Normalize(IdentifierType type, string value) =>
        _normalizer.Normalize(new Identifier { Type = type, Value = value }, Path);

    [Theory]
    [InlineData("06 12 34 56 78")]
    [InlineData("0612345678")]
    [InlineData("+33612345678")]
    [InlineData("+33 6 12 34 56 78")]
    [InlineData("06.12.34.56.78")]
    [InlineData("0033 6 12 34 56 78")]
    public void Phone_numbers_are_E164_with_default_region_FR(string raw)
    {
        var result = Normalize(IdentifierType.Phone, raw);

        Assert.True(result.IsValid, result.Error?.Reason);
        Assert.Equal("+33612345678", result.Value!.Value);
        Assert.Equal(IdentifierType.Phone, result.Value.Type);
    }

    [Fact]
    public void Phone_number_of_another_country_keeps_its_country_code()
    {
        Assert.Equal("+442079460958", Normalize(IdentifierType.Phone, "+44 20 7946 0958").Value!.Value);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("abc")]
    [InlineData("06 12 34")]
    [InlineData("+33 6 12 34 56 78 99 00")]
    [InlineData("")]
    [InlineData("   ")]
    public void Phone_that_is_not_a_valid_number_is_rejected_naming_the_field(string raw)
    {
        var result = Normalize(IdentifierType.Phone, raw);

        Assert.False(result.IsValid);
        Assert.Equal(Path, result.Error!.Path);
        Assert.Contains("phone number", result.Error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  Brigitte.Dupont@Example.FR ", "brigitte.dupont@example.fr")]
    [InlineData("a@b.fr", "a@b.fr")]
    public void Email_is_trimmed_and_lowercased(string raw, string expected)
    {
        Assert.Equal(expected, Normalize(IdentifierType.Email, raw).Value!.Value);
    }

    [Theory]
    [InlineData("no-at-sign.fr")]
    [InlineData("a@b@example.fr")]
    [InlineData("a@localhost")]
    [InlineData("@example.fr")]
    [InlineData("a@")]
    [InlineData("a b@example.fr")]
    [InlineData("a@.fr")]
    [InlineData("a@example.")]
    [InlineData("")]
    public void Email_without_one_at_sign_and_a_dotted_domain_is_rejected(string raw)
    {
        var result = Normalize(IdentifierType.Email, raw);

        Assert.False(result.IsValid);
        Assert.Equal(Path, result.Error!.Path);
    }

    [Theory]
    [InlineData("1234567890123", "1234567890123")]
    [InlineData("12 34 567 890 123", "1234567890123")]
    [InlineData(" 1234567890123 ", "1234567890123")]
    public void Tax_number_loses_its_spaces(string raw, string expected)
    {
        Assert.Equal(expected, Normalize(IdentifierType.TaxId, raw).Value!.Value);
    }

    [Theory]
    [InlineData("123456789012")]
    [InlineData("12345678901234")]
    [InlineData("123456789012a")]
    [InlineData("1234-567890123")]
    [InlineData("١٢٣٤٥٦٧٨٩٠١٢٣")]
    public void Tax_number_that_is_not_13_digits_is_rejected(string raw)
    {
        var result = Normalize(IdentifierType.TaxId, raw);

        Assert.False(result.IsValid);
        Assert.Contains("13 digits", result.Error!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IdentifierType.AccountId)]
    [InlineData(IdentifierType.FranceConnect)]
    [InlineData(IdentifierType.Cookie)]
    public void Opaque_identifiers_are_trimmed_and_1_to_128_printable_chars(IdentifierType type)
    {
        Assert.Equal("q-42", Normalize(type, "  q-42 ").Value!.Value);
        Assert.True(Normalize(type, new string('x', 128)).IsValid);
        Assert.False(Normalize(type, new string('x', 129)).IsValid);
        Assert.False(Normalize(type, "   ").IsValid);
        Assert.False(Normalize(type, "a\u0001b").IsValid);
    }

    /// <summary>
    /// Issue 16: a control character (Cc) or an invisible format character (Cf: zero-width space, joiner,
    /// bidirectional override, soft hyphen, a tag character beyond 16 bits) in any identifier is refused,
    /// never kept nor dropped: <c>zw\u200b.test@example.fr</c> and <c>zw.test@example.fr</c> are not two people.
    /// </summary>
    [Theory]
    [InlineData(IdentifierType.Email, "zw\u200b.test@example.fr")]
    [InlineData(IdentifierType.Email, "zw.test@example.fr\u202e")]
    [InlineData(IdentifierType.Email, "zw.test@exa\u00admple.fr")]
    [InlineData(IdentifierType.Email, "zw.test@example.fr\n")]
    [InlineData(IdentifierType.Phone, "06\u200b12 34 56 78")]
    [InlineData(IdentifierType.Phone, "\u202e0612345678")]
    [InlineData(IdentifierType.Phone, "0612345678\t")]
    [InlineData(IdentifierType.TaxId, "1234567890123\u200d")]
    [InlineData(IdentifierType.TaxId, "\ufeff1234567890123")]
    [InlineData(IdentifierType.AccountId, "q\u200b1")]
    [InlineData(IdentifierType.AccountId, "q1\udb40\udc01")]
    [InlineData(IdentifierType.FranceConnect, "fc\u2060-1")]
    [InlineData(IdentifierType.Cookie, "c\u0000")]
    [InlineData(IdentifierType.Cookie, "c\u061c1")]
    public void An_identifier_with_a_control_or_invisible_format_character_is_refused(IdentifierType type, string raw)
    {
        var value = System.Text.RegularExpressions.Regex.Unescape(raw);

        var result = Normalize(type, value);

        Assert.False(result.IsValid, $"{type} {raw}");
        Assert.Contains("format character", result.Error!.Reason, StringComparison.Ordinal);
    }
}
