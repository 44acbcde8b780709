using System.Text.Json;
using System.Text.Json.Nodes;
using Omnichannel.Domain;

namespace Omnichannel.Ingestion.Adapters;

/// <summary>
/// Phone platforms' CTI call events: <c>offered</c>, <c>answered</c>, <c>transferred</c>, <c>ended</c>,
/// <c>abandoned</c>. One contact per call, id = the call id: the first event that settles the call makes
/// it (<c>abandoned</c> -> abandoned, <c>transferred</c> -> transferred, <c>ended</c> -> the agent's wrap-up
/// code, resolved by default); a later event of the same call is a duplicate of that contact. Offered and
/// answered calls are still in progress and record nothing, but are checked field by field as the contact
/// they will make; an answered call with its agent cues that advisor's screen to show the caller's history.
/// Identifiers: the calling number and the tax number typed on the phone menu are declared (a number can be
/// withheld or spoofed, anyone can key anyone's tax number), unless the platform says it authenticated them:
/// <c>ivrAuthenticated</c> (the menu checked a PIN against the tax number), <c>callerVerified</c> (the
/// network vouches for the calling line).
/// </summary>
/// <example>
/// { "callId": "CALL-20260302-0042", "event": "ended", "at": "2026-03-02T09:12:00+01:00",
///   "caller": "06 12 34 56 78", "called": "0809401401", "service": "SIP Paris 15",
///   "ivrTaxNumber": "1234567890123", "ivrChoice": "income-tax.correction", "agentId": "agent-7",
///   "ivrAuthenticated": false, "wrapUp": "unresolved", "durationSeconds": 312 }
/// </example>
public sealed class CallEventAdapter(AdapterOptions options)
{
    public static readonly string[] Events = ["offered", "answered", "transferred", "ended", "abandoned"];

    public AdapterResult Map(JsonElement body)
    {
        var errors = new List<FieldError>();
        var native = new NativeEvent(body, errors);
        var callId = native.Required("callId");
        var kind = native.Required("event");
        var at = native.Required("at");
        var caller = native.Optional("caller");
        var taxNumber = native.Optional("ivrTaxNumber");
        var wrapUp = native.Optional("wrapUp");
        var taxNumberChecked = native.Flag("ivrAuthenticated") ?? false;
        var callerChecked = native.Flag("callerVerified") ?? false;
        if (kind is not null && !Events.Contains(kind))
        {
            errors.Add(new FieldError("$.event", $"must be one of {string.Join(", ", Events)}."));
        }

        if (wrapUp is not null and not ("resolved" or "unresolved" or "transferred"))
        {
            errors.Add(new FieldError("$.wrapUp", "must be resolved, unresolved or transferred."));
        }

        if (caller is null && taxNumber is null)
        {
            errors.Add(new FieldError("$.caller", "is required when no tax number was typed in the IVR (a call needs an identifier)."));
        }

        if (errors.Count > 0)
        {
            return new AdapterResult(null, errors);
        }

        var paths = new Dictionary<string, string>
        {
            ["$.id"] = "$.callId",
            ["$.occurredAt"] = "$.at",
            ["$.subject"] = "$.ivrChoice",
            ["$.outcome"] = "$.wrapUp",
            ["$.service"] = "$.service",
            ["$.agentId"] = "$.agentId",
            ["$.attributes.called"] = "$.called",
            ["$.attributes.durationSeconds"] = "$.durationSeconds",
            ["$.identifiers"] = caller is null ? "$.ivrTaxNumber" : "$.caller",
        };
        var identifiers = new JsonArray();
        if (caller is not null)
        {
            paths[$"$.identifiers[{identifiers.Count}]"] = "$.caller";
            identifiers.Add(NativeEvent.Identifier("phone", caller, declared: !callerChecked));
        }

        if (taxNumber is not null)
        {
            paths[$"$.identifiers[{identifiers.Count}]"] = "$.ivrTaxNumber";
            identifiers.Add(NativeEvent.Identifier("taxId", taxNumber, declared: !taxNumberChecked));
        }

        // Every kind makes the call's contact, so that a ringing call is checked as the call that ends:
        // offered and answered ones are then only announced (or nothing), never recorded.
        var agent = native.Optional("agentId");
        var canonical = new JsonObject
        {
            ["id"] = callId,
            ["channel"] = "phone",
            ["type"] = "contact",
            ["occurredAt"] = at,
            ["identifiers"] = identifiers,
            ["subject"] = new JsonObject { ["motive"] = native.Optional("ivrChoice") ?? options.DefaultCallMotive },
            ["outcome"] = kind switch { "abandoned" => "abandoned", "transferred" => "transferred", _ => wrapUp ?? "resolved" },
            ["service"] = native.Optional("service"),
            ["agentId"] = agent,
            ["attributes"] = new JsonObject
            {
                ["called"] = native.Optional("called"),
                ["durationSeconds"] = native.Raw("durationSeconds"),
                ["ctiEvent"] = kind,
            },
        };
        if (kind is "offered" or "answered")
        {
            return new AdapterResult(canonical, errors)
            {
                Paths = paths,
                NothingBecause = $"a call {kind} is in progress; its contact is recorded when it ends.",
                CuesScreenPop = kind == "answered" && agent is not null,
            };
        }

        return new AdapterResult(canonical, errors) { Paths = paths };
    }
}
