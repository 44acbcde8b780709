using System.Text.Json;
using System.Text.Json.Serialization;
using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;
using Omnichannel.Domain.Engine;

namespace Omnichannel.Journey.Store;

/// <summary>
/// The JSON the SQLite journey store keeps, made by the source generator rather than by reflection: the
/// shapes of the web (camelCase) and absent values left out, since people are rewritten at every change.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PersonSnapshot))]
[JsonSerializable(typeof(JourneyEntry))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(ContactsReclassified))]
[JsonSerializable(typeof(ApplyIdentityDecision))]
internal sealed partial class StoredJson : JsonSerializerContext;
