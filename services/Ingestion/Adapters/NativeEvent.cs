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

    public static JsonObject Identifier(string type, string value) => new() { ["type"] = type, ["value"] = value };

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
