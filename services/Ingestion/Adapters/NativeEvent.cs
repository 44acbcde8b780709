using System.Text.Json;
using System.Text.Json.Nodes;
using Omnichannel.Domain;

namespace Omnichannel.Ingestion.Adapters;

/// <summary>Reading helpers for a channel system's native event: required and optional fields, by JSON path.</summary>
internal sealed class NativeEvent(JsonElement body, List<FieldError> errors)
{
    public string? Required(string name)
    {
        var value = Optional(name);
        if (value is null && !errors.Any(e => e.Path == $"$.{name}"))
        {
            errors.Add(new FieldError($"$.{name}", "is required."));
        }

        return value;
    }

    public string? Optional(string name)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
        {
            errors.Add(new FieldError($"$.{name}", "must be a non-empty string."));
            return null;
        }

        return text;
    }

    public JsonNode? Raw(string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? JsonNode.Parse(value.GetRawText())
            : null;

    /// <summary>A canonical identifier; <paramref name="declared"/> when the channel system did not authenticate it (docs/domain.md §2).</summary>
    public static JsonObject Identifier(string type, string value, bool declared) => declared
        ? new() { ["type"] = type, ["value"] = value, ["assurance"] = "declared" }
        : new() { ["type"] = type, ["value"] = value };

    /// <summary>An optional boolean field: true, false, or absent (null).</summary>
    public bool? Flag(string name)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(new FieldError($"$.{name}", "must be true or false."));
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>
    /// Where the canonical contact of a text message takes its parts from; the motive, resolved from the
    /// receiving address and the text, is named by the receiving address.
    /// </summary>
    public static Dictionary<string, string> TextContactPaths(string id, string receivedAt, string from, string to) => new()
    {
        ["$.id"] = id,
        ["$.occurredAt"] = receivedAt,
        ["$.identifiers"] = from,
        ["$.subject"] = to,
    };

    /// <summary>The canonical contact of a text message (email, SMS): one sender, one motive.</summary>
    public static JsonObject TextContact(string id, string channel, string receivedAt, JsonObject sender, string motive, JsonObject attributes) => new()
    {
        ["id"] = id,
        ["channel"] = channel,
        ["type"] = "contact",
        ["occurredAt"] = receivedAt,
        ["identifiers"] = new JsonArray(sender),
        ["subject"] = new JsonObject { ["motive"] = motive },
        ["attributes"] = attributes,
    };
}
