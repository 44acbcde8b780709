using Omnichannel.Contracts;

namespace Omnichannel.Domain.Identity;

/// <summary>Either a normalized identifier or the reason it is refused.</summary>
public readonly record struct NormalizationResult
{
    private NormalizationResult(Identifier? value, FieldError? error)
    {
        Value = value;
        Error = error;
    }

    public Identifier? Value { get; }

    public FieldError? Error { get; }

    public bool IsValid => Error is null;

    public static NormalizationResult Valid(Identifier value) => new(value, null);

    public static NormalizationResult Invalid(string path, string reason) => new(null, new FieldError(path, reason));
}
