using Omnichannel.Contracts;
using PhoneNumbers;

namespace Omnichannel.Domain.Identity;

/// <summary>
/// Normalizes identifiers before anything is stored or compared (DOMAIN §1): phone numbers to E.164
/// (default region FR), emails lowercased, tax numbers to 13 digits, opaque ids trimmed.
/// </summary>
public sealed class IdentifierNormalizer
{
    public const string DefaultRegion = "FR";
    private const int MaxOpaqueLength = 128;

    private readonly PhoneNumberUtil _phones = PhoneNumberUtil.GetInstance();

    /// <param name="identifier">The identifier as a channel system gave it.</param>
    /// <param name="path">The JSON path of its value, named in the error (e.g. <c>$.identifiers[0].value</c>).</param>
    public NormalizationResult Normalize(Identifier identifier, string path)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var value = identifier.Value;
        if (value is null)
        {
            return NormalizationResult.Invalid(path, "is required.");
        }

        // Before any rule of a type: a phone number's parser or an email's trimming would otherwise keep an
        // invisible character in, or drop it silently, and two values that look alike would be two people.
        if (!Text.IsPrintable(value))
        {
            return NormalizationResult.Invalid(path, Text.NotPrintableReason);
        }

        return identifier.Type switch
        {
            IdentifierType.Phone => NormalizePhone(value, path),
            IdentifierType.Email => NormalizeEmail(value, path),
            IdentifierType.TaxId => NormalizeTaxId(value, path),
            IdentifierType.FranceConnect or IdentifierType.AccountId or IdentifierType.Cookie =>
                NormalizeOpaque(identifier.Type, value, path),
            _ => NormalizationResult.Invalid(path, $"has an unknown identifier type '{identifier.Type}'."),
        };
    }

    private NormalizationResult NormalizePhone(string value, string path)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 64)
        {
            return NormalizationResult.Invalid(path, "is not a phone number.");
        }

        try
        {
            var parsed = _phones.Parse(value, DefaultRegion);
            if (!_phones.IsValidNumber(parsed))
            {
                return NormalizationResult.Invalid(path, "is not a valid phone number.");
            }

            return Valid(IdentifierType.Phone, _phones.Format(parsed, PhoneNumberFormat.E164));
        }
        catch (NumberParseException)
        {
            return NormalizationResult.Invalid(path, "is not a phone number.");
        }
    }

    private static NormalizationResult NormalizeEmail(string value, string path)
    {
        var email = value.Trim().ToLowerInvariant();
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (email.Length is 0 or > 254 || at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1)
        {
            return NormalizationResult.Invalid(path, "must be an email address with exactly one '@'.");
        }

        var domain = email.AsSpan(at + 1);
        if (!domain.Contains('.') || domain[0] == '.' || domain[^1] == '.' || domain.Contains("..", StringComparison.Ordinal))
        {
            return NormalizationResult.Invalid(path, "must be an email address whose domain contains a dot.");
        }

        foreach (var c in email)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return NormalizationResult.Invalid(path, "must not contain spaces or control characters.");
            }
        }

        return Valid(IdentifierType.Email, email);
    }

    private static NormalizationResult NormalizeTaxId(string value, string path)
    {
        var digits = value.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (digits.Length != 13 || !digits.All(char.IsAsciiDigit))
        {
            return NormalizationResult.Invalid(path, "must be a tax number of exactly 13 digits (spaces allowed).");
        }

        return Valid(IdentifierType.TaxId, digits);
    }

    private static NormalizationResult NormalizeOpaque(IdentifierType type, string value, string path)
    {
        var trimmed = value.Trim();
        if (trimmed.Length is 0 or > MaxOpaqueLength)
        {
            return NormalizationResult.Invalid(path, $"must be 1 to {MaxOpaqueLength} characters.");
        }

        if (!Text.IsPrintable(trimmed))
        {
            return NormalizationResult.Invalid(path, Text.NotPrintableReason);
        }

        return Valid(type, trimmed);
    }

    private static NormalizationResult Valid(IdentifierType type, string value) =>
        NormalizationResult.Valid(new Identifier { Type = type, Value = value });
}
