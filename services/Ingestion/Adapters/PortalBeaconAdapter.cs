using System.Text.Json;
using System.Text.Json.Nodes;
using Omnichannel.Domain;

namespace Omnichannel.Ingestion.Adapters;

/// <summary>
/// The tax portal's beacon: a submitted form is a <c>contact</c> about its procedure, a viewed page a
/// <c>visit</c>. Identifiers: the account, the FranceConnect subject, the cookie, whichever are known. The
/// account and the FranceConnect subject come from the signed-in session, so they are verified; the cookie
/// names a browser, maybe a shared one, not a person: declared, it routes anonymous visits to their own
/// journey and links nobody.
/// </summary>
/// <example>
/// { "eventId": "evt-7f3a", "at": "2026-03-02T09:00:00+01:00", "kind": "form-submitted",
///   "accountId": "q1", "franceConnectSub": "fc-8c1d", "cookie": "c1",
///   "procedure": "income-tax.correction", "step": "confirmation" }
/// </example>
public sealed class PortalBeaconAdapter
{
    public static readonly string[] Kinds = ["form-submitted", "page-viewed"];

    public AdapterResult Map(JsonElement body)
    {
        var errors = new List<FieldError>();
        var native = new NativeEvent(body, errors);
        var eventId = native.Required("eventId");
        var at = native.Required("at");
        var kind = native.Required("kind");
        var procedure = native.Optional("procedure");
        var identifiers = new JsonArray();
        var paths = new Dictionary<string, string>
        {
            ["$.id"] = "$.eventId",
            ["$.occurredAt"] = "$.at",
            ["$.type"] = "$.kind",
            ["$.subject"] = "$.procedure",
            ["$.attributes.step"] = "$.step",
            ["$.attributes.procedure"] = "$.procedure",
        };
        foreach (var (field, type, declared) in new[] { ("accountId", "accountId", false), ("franceConnectSub", "franceConnect", false), ("cookie", "cookie", true) })
        {
            if (native.Optional(field) is { } value)
            {
                paths[$"$.identifiers[{identifiers.Count}]"] = $"$.{field}";
                identifiers.Add(NativeEvent.Identifier(type, value, declared));
            }
        }

        if (kind is not null && !Kinds.Contains(kind))
        {
            errors.Add(new FieldError("$.kind", $"must be one of {string.Join(", ", Kinds)}."));
        }

        if (identifiers.Count == 0)
        {
            errors.Add(new FieldError("$", "needs at least one of accountId, franceConnectSub or cookie."));
        }

        if (kind == "form-submitted" && procedure is null)
        {
            errors.Add(new FieldError("$.procedure", "is required for a submitted form: it is the contact's motive."));
        }

        if (errors.Count > 0)
        {
            return new AdapterResult(null, errors);
        }

        var canonical = new JsonObject
        {
            ["id"] = eventId,
            ["channel"] = "web",
            ["type"] = kind == "form-submitted" ? "contact" : "visit",
            ["occurredAt"] = at,
            ["identifiers"] = identifiers,
            ["subject"] = procedure is null ? null : new JsonObject { ["motive"] = procedure },
            ["attributes"] = new JsonObject { ["step"] = native.Optional("step"), ["procedure"] = procedure },
        };
        return new AdapterResult(canonical, errors) { Paths = paths };
    }
}
