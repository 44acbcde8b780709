using System.ComponentModel;
using System.Text.Json;
using Omnichannel.Contracts;
using Omnichannel.Hosting.Http;

namespace Omnichannel.Portal.People;

/// <summary>The body of <c>POST /api/v1/people/lookup</c>: which identifier to look for.</summary>
[Description("An identifier to look for. It is normalized as at ingestion.")]
public sealed class LookupRequest
{
    public const int MaxBytes = 4 * 1024;

    [Description("taxId, franceConnect, accountId, phone, email or cookie.")]
    public required string Type { get; init; }

    [Description("The identifier as the citizen gives it: '06 12 34 56 78' finds +33612345678.")]
    public required string Value { get; init; }

    /// <summary>Reads and normalizes the body; every refusal named by JSON path.</summary>
    public static (Identifier? Identifier, Dictionary<string, string[]> Errors) Read(JsonElement body, PeopleReader people)
    {
        ArgumentNullException.ThrowIfNull(people);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Fail(string path, string reason) => (errors.TryGetValue(path, out var list) ? list : errors[path] = []).Add(reason);
        string? Text(string name)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Fail($"$.{name}", "is required.");
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Fail($"$.{name}", "must be a string.");
                return null;
            }

            return value.GetString();
        }

        foreach (var (path, reason) in JsonText.Find(body, "$"))
        {
            Fail(path, reason);
        }

        if (errors.Count == 0 && body.ValueKind != JsonValueKind.Object)
        {
            Fail("$", "must be a JSON object { \"type\", \"value\" }.");
        }

        Identifier? identifier = null;
        if (errors.Count == 0)
        {
            foreach (var property in body.EnumerateObject().Where(p => p.Name is not ("type" or "value")))
            {
                Fail($"$.{property.Name}", "is not a field of a lookup: send type and value.");
            }

            var type = Text("type");
            var value = Text("value");
            if (type is not null && !PeopleReader.Types.ContainsKey(type))
            {
                Fail("$.type", "must be one of " + string.Join(", ", PeopleReader.Types.Keys) + ".");
            }
            else if (type is not null && value is not null)
            {
                var normalized = people.Normalize(PeopleReader.Types[type], value, "$.value");
                if (normalized.Error is { } error)
                {
                    Fail(error.Path, error.Reason);
                }
                else if (errors.Count == 0)
                {
                    identifier = normalized.Value;
                }
            }
        }

        return (errors.Count == 0 ? identifier : null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }
}
