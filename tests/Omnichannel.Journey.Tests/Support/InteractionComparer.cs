using System.Text.Json;
using Omnichannel.Contracts;

namespace Omnichannel.Journey.Tests.Support;

/// <summary>Interactions equal field by field, lists and attributes included (as their JSON).</summary>
internal sealed class InteractionComparer : IEqualityComparer<Interaction>
{
    public static readonly InteractionComparer Instance = new();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool Equals(Interaction? x, Interaction? y) =>
        JsonSerializer.Serialize(x, Json) == JsonSerializer.Serialize(y, Json);

    public int GetHashCode(Interaction obj) => JsonSerializer.Serialize(obj, Json).GetHashCode(StringComparison.Ordinal);
}
