using System.Text.Json.Nodes;
using Omnichannel.Domain;

namespace Omnichannel.Ingestion.Adapters;

/// <summary>
/// What an adapter made of a native event: the canonical interaction, validated next like any other, or
/// the native fields it could not read. Every event kind makes its canonical interaction, so that a call
/// still ringing is checked like one that ended; <see cref="NothingBecause"/> says when it records nothing.
/// </summary>
public sealed record AdapterResult(JsonObject? Canonical, IReadOnlyList<FieldError> Errors)
{
    /// <summary>Set when the event records nothing (a call offered or answered): why, for the caller.</summary>
    public string? NothingBecause { get; init; }

    /// <summary>An answered call with its agent: cue that advisor's screen to show the caller's history.</summary>
    public bool CuesScreenPop { get; init; }

    /// <summary>
    /// Where each part of the canonical interaction came from: canonical JSON path -> the native field,
    /// so that an error names what the channel system sent (<c>$.occurredAt</c> -> <c>$.at</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Paths { get; init; } = new Dictionary<string, string>();

    /// <summary>The native field a canonical path came from: the longest mapped prefix, else the body (<c>$</c>).</summary>
    public string NativePath(string canonicalPath)
    {
        ArgumentNullException.ThrowIfNull(canonicalPath);
        var best = (Length: -1, Path: "$");
        foreach (var (canonical, native) in Paths)
        {
            var covers = canonicalPath.Length == canonical.Length
                ? canonicalPath == canonical
                : canonicalPath.StartsWith(canonical, StringComparison.Ordinal) && canonicalPath[canonical.Length] is '.' or '[';
            if (covers && canonical.Length > best.Length)
            {
                best = (canonical.Length, native);
            }
        }

        return best.Path;
    }

    /// <summary>The canonical validation's errors, each named by the native field it came from.</summary>
    public IReadOnlyList<FieldError> InNativeTerms(IEnumerable<FieldError> canonicalErrors) =>
        [.. canonicalErrors.Select(e => e with { Path = NativePath(e.Path) }).Distinct()];
}
