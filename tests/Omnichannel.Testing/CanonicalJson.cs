using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Omnichannel.Contracts;

namespace Omnichannel.Testing;

/// <summary>An interaction as a channel system posts it to the canonical endpoints: camelCase, enum names, no source (the API key gives it).</summary>
public static class CanonicalJson
{
    private static readonly JsonSerializerOptions ApiJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static JsonObject Node(Interaction interaction)
    {
        var json = JsonSerializer.SerializeToNode(interaction, ApiJson)!.AsObject();
        json.Remove("source");
        return json;
    }

    public static string Text(Interaction interaction) => Node(interaction).ToJsonString();
}
