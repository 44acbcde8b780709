using System.Text.Json;
using Omnichannel.Hosting.Http;
using Omnichannel.Contracts;
using Omnichannel.Domain;
using Omnichannel.Domain.Identity;

namespace Omnichannel.Ingestion.Canonical;

/// <summary>
/// Reads the canonical interaction of DOMAIN §1 from JSON, checking every field and naming each failure
/// by its JSON path, and normalizes the identifiers. Nothing is half-read: the result is either a whole,
/// normalized interaction or the full list of errors.
/// </summary>
public sealed partial class InteractionReader(IdentifierNormalizer normalizer, TimeProvider clock)
{
    public const int MaxIdentifiers = 10;
    public const int MaxAttributesBytes = 4 * 1024;
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromHours(24);

    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "id", "channel", "type", "occurredAt", "identifiers", "subject", "outcome", "announcedDeadline", "service", "agentId", "attributes",
    };

    /// <param name="body">The JSON value posted.</param>
    /// <param name="source">The channel system, from its API key.</param>
    /// <param name="path">The JSON path of <paramref name="body"/> (<c>$</c>, or <c>$[3]</c> in a batch).</param>
    /// <param name="declaredOnly">The key may post declared identifiers only: absent means declared, and verified is refused.</param>
    public ReadResult Read(JsonElement body, string source, string path = "$", bool declaredOnly = false)
    {
        var errors = new List<FieldError>();
        if (JsonText.Find(body, path) is { Count: > 0 } invalidText)
        {
            return new ReadResult(null, [.. invalidText.Select(e => new FieldError(e.Path, e.Reason))]);
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(path, "must be a JSON object (a canonical interaction)."));
            return new ReadResult(null, errors);
        }

        foreach (var property in body.EnumerateObject())
        {
            if (property.Name == "source")
            {
                errors.Add(new FieldError($"{path}.source", "is taken from the API key; leave it out of the body."));
            }
            else if (!Fields.Contains(property.Name))
            {
                errors.Add(new FieldError($"{path}.{property.Name}", "is not a field of the canonical interaction."));
            }
        }

        var id = Text(body, path, "id", errors, required: true, max: 128);
        var channel = Enumerated<Channel>(body, path, "channel", errors, required: true);
        var type = Enumerated<InteractionType>(body, path, "type", errors, required: true);
        var occurredAt = Instant(body, path, "occurredAt", errors, required: true);
        if (occurredAt is { } at && at - clock.GetUtcNow() > FutureTolerance)
        {
            errors.Add(new FieldError($"{path}.occurredAt", "is more than 24 hours in the future."));
        }

        var identifiers = Identifiers(body, path, errors, declaredOnly);
        var subject = SubjectOf(body, path, type, errors);
        var outcome = Enumerated<Outcome>(body, path, "outcome", errors, required: false);
        if (outcome is not null && type is not null and not InteractionType.Contact)
        {
            errors.Add(new FieldError($"{path}.outcome", "is only for a contact."));
        }

        var deadline = Instant(body, path, "announcedDeadline", errors, required: false);
        if (deadline is not null && type is not null and not (InteractionType.Contact or InteractionType.Notification))
        {
            errors.Add(new FieldError($"{path}.announcedDeadline", "is only for a contact or a notification."));
        }

        var service = Text(body, path, "service", errors, required: false, max: 100);
        var agentId = Text(body, path, "agentId", errors, required: false, max: 64);
        var attributes = Attributes(body, path, errors);

        if (errors.Count > 0)
        {
            return new ReadResult(null, errors);
        }

        return new ReadResult(new Interaction
        {
            Id = id!,
            Source = source,
            Channel = channel!.Value,
            Type = type!.Value,
            OccurredAt = occurredAt!.Value,
            Identifiers = identifiers!,
            Subject = subject,
            Outcome = outcome,
            AnnouncedDeadline = deadline,
            Service = service,
            AgentId = agentId,
            Attributes = attributes,
        }, errors);
    }

    private static string? Text(JsonElement body, string path, string name, List<FieldError> errors, bool required, int max)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new FieldError($"{path}.{name}", "is required."));
            }

            return null;
        }

        return TextValue(value, $"{path}.{name}", errors, max);
    }

    private static string? TextValue(JsonElement value, string path, List<FieldError> errors, int max)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(path, $"must be a string, not {Describe(value.ValueKind)}."));
            return null;
        }

        var text = value.GetString()!;
        if (text.Length is 0 || text.Length > max)
        {
            errors.Add(new FieldError(path, $"must be 1 to {max} characters long (it has {text.Length})."));
            return null;
        }

        if (!Domain.Text.IsPrintable(text))
        {
            errors.Add(new FieldError(path, Domain.Text.NotPrintableReason));
            return null;
        }

        return text;
    }

    private static T? Enumerated<T>(JsonElement body, string path, string name, List<FieldError> errors, bool required)
        where T : struct, Enum
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new FieldError($"{path}.{name}", $"is required: one of {Names<T>()}."));
            }

            return null;
        }

        return EnumeratedValue<T>(value, $"{path}.{name}", errors);
    }

    private static T? EnumeratedValue<T>(JsonElement value, string path, List<FieldError> errors)
        where T : struct, Enum
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            foreach (var candidate in Enum.GetValues<T>())
            {
                if (string.Equals(WireNames.Of(candidate), text, StringComparison.Ordinal))
                {
                    return candidate;
                }
            }
        }

        errors.Add(new FieldError(path, $"must be one of {Names<T>()}."));
        return null;
    }

    private static string Names<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => $"'{WireNames.Of(v)}'"));

    private static DateTimeOffset? Instant(JsonElement body, string path, string name, List<FieldError> errors, bool required)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new FieldError($"{path}.{name}", "is required: an ISO-8601 date-time with offset."));
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !Formats.TryParseInstant(value.GetString(), out var instant))
        {
            errors.Add(new FieldError($"{path}.{name}", "must be an ISO-8601 date-time with offset, e.g. 2026-03-02T09:00:00+01:00."));
            return null;
        }

        return instant;
    }

    private List<Identifier>? Identifiers(JsonElement body, string path, List<FieldError> errors, bool declaredOnly)
    {
        var at = $"{path}.identifiers";
        if (!body.TryGetProperty("identifiers", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new FieldError(at, $"is required: 1 to {MaxIdentifiers} identifiers."));
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new FieldError(at, $"must be an array, not {Describe(array.ValueKind)}."));
            return null;
        }

        var count = array.GetArrayLength();
        if (count is 0 or > MaxIdentifiers)
        {
            errors.Add(new FieldError(at, $"must hold 1 to {MaxIdentifiers} identifiers (it has {count})."));
            return null;
        }

        var before = errors.Count;
        var identifiers = new List<Identifier>(count);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = $"{at}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError(itemPath, "must be an object { \"type\", \"value\", \"assurance\" }."));
                continue;
            }

            foreach (var property in item.EnumerateObject())
            {
                if (property.Name is not ("type" or "value" or "assurance"))
                {
                    errors.Add(new FieldError($"{itemPath}.{property.Name}", "is not a field of an identifier."));
                }
            }

            var type = Enumerated<IdentifierType>(item, itemPath, "type", errors, required: true);
            var assurance = Enumerated<IdentifierAssurance>(item, itemPath, "assurance", errors, required: false)
                ?? (declaredOnly ? IdentifierAssurance.Declared : IdentifierAssurance.Verified);
            if (declaredOnly && assurance == IdentifierAssurance.Verified)
            {
                errors.Add(new FieldError($"{itemPath}.assurance", "this API key may post declared identifiers only."));
            }
            var raw = item.TryGetProperty("value", out var value) && value.ValueKind != JsonValueKind.Null ? value : (JsonElement?)null;
            if (raw is null)
            {
                errors.Add(new FieldError($"{itemPath}.value", "is required."));
                continue;
            }

            if (raw.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(new FieldError($"{itemPath}.value", $"must be a string, not {Describe(raw.Value.ValueKind)}."));
                continue;
            }

            if (type is null)
            {
                continue;
            }

            var normalized = normalizer.Normalize(new Identifier { Type = type.Value, Value = raw.Value.GetString()! }, $"{itemPath}.value");
            if (normalized.Error is { } error)
            {
                errors.Add(error);
                continue;
            }

            var identifier = normalized.Value! with { Assurance = assurance };
            var same = identifiers.IndexOf(identifier);
            if (same < 0)
            {
                identifiers.Add(identifier);
            }
            else if (assurance == IdentifierAssurance.Verified)
            {
                // Said twice, once verified: the verified mention vouches for it.
                identifiers[same] = identifier;
            }
        }

        foreach (var strong in identifiers.Where(i => IdentifierRules.IsStrong(i.Type)).GroupBy(i => i.Type).Where(g => g.Count() > 1))
        {
            errors.Add(new FieldError(at, $"holds {strong.Count()} different values of '{WireNames.Of(strong.Key)}'; one person has at most one."));
        }

        return errors.Count == before ? identifiers : null;
    }

    private static Subject? SubjectOf(JsonElement body, string path, InteractionType? type, List<FieldError> errors)
    {
        var at = $"{path}.subject";
        if (!body.TryGetProperty("subject", out var subject) || subject.ValueKind == JsonValueKind.Null)
        {
            if (type is InteractionType.Contact or InteractionType.Resolution)
            {
                errors.Add(new FieldError(at, "is required for a contact or a resolution."));
            }

            return null;
        }

        if (subject.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(at, "must be an object { \"motive\", \"caseRef\" }."));
            return null;
        }

        foreach (var property in subject.EnumerateObject())
        {
            if (property.Name is not ("motive" or "caseRef"))
            {
                errors.Add(new FieldError($"{at}.{property.Name}", "is not a field of a subject."));
            }
        }

        var motive = Text(subject, at, "motive", errors, required: true, max: 100);
        if (motive is not null && !Formats.MotiveCode().IsMatch(motive))
        {
            errors.Add(new FieldError($"{at}.motive", "must be a lowercase dotted code such as 'income-tax.correction'."));
            motive = null;
        }

        var caseRef = Text(subject, at, "caseRef", errors, required: false, max: 64);
        return motive is null ? null : new Subject { Motive = motive, CaseRef = caseRef };
    }

    private static JsonElement? Attributes(JsonElement body, string path, List<FieldError> errors)
    {
        var at = $"{path}.attributes";
        if (!body.TryGetProperty("attributes", out var attributes) || attributes.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (attributes.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(at, "must be a flat JSON object."));
            return null;
        }

        var valid = true;
        foreach (var property in attributes.EnumerateObject())
        {
            if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                errors.Add(new FieldError($"{at}.{property.Name}", "must be a string, number, boolean or null: attributes are flat."));
                valid = false;
            }
        }

        var size = System.Text.Encoding.UTF8.GetByteCount(attributes.GetRawText());
        if (size > MaxAttributesBytes)
        {
            errors.Add(new FieldError(at, $"must be at most {MaxAttributesBytes} bytes serialized (it has {size})."));
            valid = false;
        }

        return valid ? attributes.Clone() : null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
