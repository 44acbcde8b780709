using System.Text.Json;
using System.Text.Json.Nodes;
using Omnichannel.Domain;

namespace Omnichannel.Ingestion.Adapters;

/// <summary>
/// The SMS gateway's inbound webhook: one contact per message, id = the gateway's message id, identifier
/// = the sender's number, declared (a sender id can be forged), motive from the number's keywords or default (configuration).
/// </summary>
/// <example>
/// { "messageId": "SM-99812", "from": "+33612345678", "to": "38800",
///   "text": "Bonjour, ou en est mon remboursement ?", "receivedAt": "2026-03-02T18:02:00+01:00" }
/// </example>
public sealed class SmsAdapter(AdapterOptions options)
{
    public AdapterResult Map(JsonElement body)
    {
        var errors = new List<FieldError>();
        var native = new NativeEvent(body, errors);
        var messageId = native.Required("messageId");
        var from = native.Required("from");
        var to = native.Required("to");
        var receivedAt = native.Required("receivedAt");
        var text = native.Optional("text");
        if (errors.Count > 0)
        {
            return new AdapterResult(null, errors);
        }

        var canonical = NativeEvent.TextContact(
            messageId!, "sms", receivedAt!, NativeEvent.Identifier("phone", from!, declared: true),
            options.Sms.Resolve(to!, text),
            new JsonObject { ["to"] = to, ["length"] = text?.Length ?? 0 });
        var paths = NativeEvent.TextContactPaths("$.messageId", "$.receivedAt", "$.from", "$.to");
        paths["$.attributes.to"] = "$.to";
        paths["$.attributes.length"] = "$.text";
        return new AdapterResult(canonical, errors) { Paths = paths };
    }
}
