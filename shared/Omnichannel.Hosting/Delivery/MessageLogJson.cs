using System.Text.Json;
using System.Text.Json.Serialization;
using Omnichannel.Contracts;

namespace Omnichannel.Hosting.Delivery;

/// <summary>
/// The message log's JSON for the messages it carries most, made by the source generator (no reflection per
/// message: the log writes every message between modules once more); other types fall back to reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(InteractionsRecorded))]
[JsonSerializable(typeof(ContactsReclassifiedBatch))]
internal sealed partial class MessageLogJson : JsonSerializerContext;
