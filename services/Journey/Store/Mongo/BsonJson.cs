using System.Text.Json;
using MongoDB.Bson;
using MongoDB.Bson.IO;

namespace Omnichannel.Journey.Store.Mongo;

/// <summary>
/// Domain values as BSON in the shape of their JSON (camelCase, ISO dates as strings): the same shape the
/// bus and the SQLite store use, readable in a MongoDB shell, and no second mapping of the domain to keep.
/// </summary>
internal static class BsonJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly JsonWriterSettings Relaxed = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson };

    public static BsonDocument ToDocument<T>(T value) => BsonDocument.Parse(JsonSerializer.Serialize(value, Json));

    public static BsonArray ToArray<T>(IEnumerable<T> values) =>
        BsonDocument.Parse($"{{\"items\":{JsonSerializer.Serialize(values, Json)}}}")["items"].AsBsonArray;

    public static T From<T>(BsonValue value) =>
        JsonSerializer.Deserialize<T>(value.ToJson(Relaxed), Json) ?? throw new InvalidOperationException($"Empty {typeof(T).Name} in the journey store.");
}
