using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omnichannel.Domain;

namespace Omnichannel.Ingestion.Adapters;

/// <summary>
/// The email gateway's inbound webhook: one contact per message, id = its Message-ID, identifier = the
/// sender's address, declared (a From header proves nothing), motive from the mailbox's keywords or default (configuration).
/// </summary>
/// <example>
/// { "messageId": "&lt;CAF1x@mail.example.fr&gt;", "from": "Brigitte Martin &lt;Brigitte.Martin@Example.fr&gt;",
///   "to": "sip.paris15@impots.example", "subject": "Correction de ma déclaration",
///   "inReplyTo": null, "receivedAt": "2026-03-02T10:31:00+01:00" }
/// </example>
public sealed class InboundEmailAdapter(AdapterOptions options)
{
    public AdapterResult Map(JsonElement body)
    {
        var errors = new List<FieldError>();
        var native = new NativeEvent(body, errors);
        var messageId = native.Required("messageId");
        var from = native.Required("from");
        var to = native.Required("to");
        var receivedAt = native.Required("receivedAt");
        var subject = native.Optional("subject");
        var inReplyTo = native.Optional("inReplyTo");
        string? sender = null;
        if (from is not null)
        {
            if (MailAddress.TryCreate(from, out var address))
            {
                sender = address.Address;
            }
            else
            {
                errors.Add(new FieldError("$.from", "must be an email address, optionally with a display name (Name <address>)."));
            }
        }

        if (errors.Count > 0)
        {
            return new AdapterResult(null, errors);
        }

        var canonical = NativeEvent.TextContact(
            messageId!.Trim('<', '>'), "email", receivedAt!, NativeEvent.Identifier("email", sender!, declared: true),
            options.Email.Resolve(MailboxOf(to!), subject),
            new JsonObject { ["mailbox"] = to, ["emailSubject"] = subject, ["inReplyTo"] = inReplyTo });
        var paths = NativeEvent.TextContactPaths("$.messageId", "$.receivedAt", "$.from", "$.to");
        paths["$.attributes.mailbox"] = "$.to";
        paths["$.attributes.emailSubject"] = "$.subject";
        paths["$.attributes.inReplyTo"] = "$.inReplyTo";
        return new AdapterResult(canonical, errors) { Paths = paths };
    }

    private static string MailboxOf(string to) => MailAddress.TryCreate(to, out var address) ? address.Address : to;
}
