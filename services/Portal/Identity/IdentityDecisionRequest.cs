using System.ComponentModel;
using System.Text.Json;
using Omnichannel.Contracts;
using Omnichannel.Domain.Identity;
using Omnichannel.Hosting.Http;

namespace Omnichannel.Portal.Identity;

/// <summary>The body of the referents' preview and decision endpoints.</summary>
[Description("A referent's decision about identities: split a person (identifiers leave it), merge two people, or mark identifiers shared.")]
public sealed class IdentityDecisionRequest
{
    public const int MaxBytes = 8 * 1024;

    [Description("split, merge, share (mark identifiers of the person as shared by several citizens: they link nobody any more), dismiss-claim or dismiss-conflict (examined: leaves the work list).")]
    public required string Kind { get; init; }

    [Description("The person decided about (an opaque id, p-...).")]
    public required string PersonId { get; init; }

    [Description("split: the identifiers that leave the person; share: those several citizens use; dismiss-claim, dismiss-conflict: the one identifier it is about; each { type, value }.")]
    public IReadOnlyList<LookupIdentifier>? Identifiers { get; init; }

    [Description("merge: the other person (p-...).")]
    public string? OtherPersonId { get; init; }

    [Description("dismiss-claim: the interaction that declared the identifier, { source, id }.")]
    public LookupKey? Interaction { get; init; }

    [Description("Why, in the referent's words (3 to 500 characters); required to apply, ignored by a preview.")]
    public string? Reason { get; init; }

    /// <summary>Reads a body; every refusal named by JSON path. <paramref name="needsReason"/> for an applied decision.</summary>
    public static (ReadDecision? Decision, Dictionary<string, string[]> Errors) Read(JsonElement body, IdentifierNormalizer normalizer, bool needsReason)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Fail(string path, string reason) => (errors.TryGetValue(path, out var list) ? list : errors[path] = []).Add(reason);
        foreach (var (path, why) in JsonText.Find(body, "$"))
        {
            Fail(path, why);
        }

        if (errors.Count == 0 && body.ValueKind != JsonValueKind.Object)
        {
            Fail("$", "must be a JSON object { \"kind\", \"personId\", ... }.");
        }

        if (errors.Count > 0)
        {
            return (null, Done(errors));
        }

        string? Field(string name, bool required, int max)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Fail($"$.{name}", "is required.");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text || text.Length > max || !Omnichannel.Domain.Text.IsPrintable(text))
            {
                Fail($"$.{name}", $"must be 1 to {max} printable characters.");
                return null;
            }

            return text;
        }

        foreach (var property in body.EnumerateObject().Where(p => p.Name is not ("kind" or "personId" or "identifiers" or "otherPersonId" or "interaction" or "reason")))
        {
            Fail($"$.{property.Name}", "is not a field of a decision.");
        }

        var kind = Field("kind", required: true, max: 16) switch
        {
            null => (IdentityDecisionKind?)null,
            "split" => IdentityDecisionKind.Split,
            "merge" => IdentityDecisionKind.Merge,
            "share" => IdentityDecisionKind.MarkShared,
            "dismiss-claim" => IdentityDecisionKind.DismissClaim,
            "dismiss-conflict" => IdentityDecisionKind.DismissConflict,
            _ => Failed("$.kind", "must be split, merge, share, dismiss-claim or dismiss-conflict."),
        };
        IdentityDecisionKind? Failed(string path, string reason)
        {
            Fail(path, reason);
            return null;
        }

        var personId = Field("personId", required: true, max: 64);
        var reason = Field("reason", required: needsReason, max: 500);
        if (reason is { Length: < 3 })
        {
            Fail("$.reason", "must say why in at least 3 characters.");
        }

        var identifiers = new List<Identifier>();
        string? other = null;
        if (kind is IdentityDecisionKind.Split or IdentityDecisionKind.MarkShared or IdentityDecisionKind.DismissClaim or IdentityDecisionKind.DismissConflict)
        {
            if (!body.TryGetProperty("identifiers", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() is 0 or > 10)
            {
                Fail("$.identifiers", "is required for a split or a share: 1 to 10 identifiers { type, value } of the person (that leave it, or that several citizens use).");
            }
            else
            {
                var index = 0;
                foreach (var item in array.EnumerateArray())
                {
                    var at = $"$.identifiers[{index++}]";
                    if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                        || !item.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String
                        || !People.PeopleReader.Types.TryGetValue(type.GetString()!, out var parsed))
                    {
                        Fail(at, "must be { \"type\": taxId, franceConnect, accountId, phone, email or cookie, \"value\": \"...\" }.");
                        continue;
                    }

                    var normalized = normalizer.Normalize(new Identifier { Type = parsed, Value = value.GetString()! }, $"{at}.value");
                    if (normalized.Error is { } error)
                    {
                        Fail(error.Path, error.Reason);
                    }
                    else
                    {
                        identifiers.Add(normalized.Value!);
                    }
                }
            }
        }
        InteractionKey? interaction = null;
        if (kind == IdentityDecisionKind.DismissClaim)
        {
            if (body.TryGetProperty("interaction", out var key) && key.ValueKind == JsonValueKind.Object
                && key.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String && source.GetString() is { Length: > 0 } sourceText
                && key.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } idText)
            {
                interaction = new InteractionKey { Source = sourceText, Id = idText };
            }
            else
            {
                Fail("$.interaction", "is required to dismiss a claim: { \"source\", \"id\" } of the interaction that declared the identifier.");
            }
        }

        if (kind is IdentityDecisionKind.DismissClaim or IdentityDecisionKind.DismissConflict && identifiers.Count > 1)
        {
            Fail("$.identifiers", "must hold the one identifier the claim or the conflict is about.");
        }

        if (kind == IdentityDecisionKind.Merge)
        {
            other = Field("otherPersonId", required: true, max: 64);
            if (other is not null && other == personId)
            {
                Fail("$.otherPersonId", "must be another person than personId.");
            }
        }

        return errors.Count > 0 ? (null, Done(errors)) : (new ReadDecision(kind!.Value, personId!, identifiers, other, reason) { Interaction = interaction }, []);
    }

    private static Dictionary<string, string[]> Done(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>One identifier as a referent names it.</summary>
public sealed record LookupIdentifier(string Type, string Value);

/// <summary>An interaction's key as a referent names it.</summary>
public sealed record LookupKey(string Source, string Id);

/// <summary>A decision request, read and normalized.</summary>
public sealed record ReadDecision(IdentityDecisionKind Kind, string PersonId, IReadOnlyList<Identifier> Identifiers, string? OtherPersonId, string? Reason)
{
    /// <summary>For a dismissed claim: the interaction that declared the identifier.</summary>
    public InteractionKey? Interaction { get; init; }
}
