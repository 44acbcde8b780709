using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnichannel.Contracts;
using Omnichannel.Hosting.Http;
using Omnichannel.Ingestion.Adapters;
using Omnichannel.Ingestion.Canonical;
using Omnichannel.Ingestion.Publishing;
using Omnichannel.Domain;

namespace Omnichannel.Ingestion.Http;

/// <summary>
/// <c>POST /api/v1/channels/...</c>: each channel system posts its own native format; the adapter maps it
/// to the canonical interaction, which is then validated, checked and published like any other.
/// </summary>
public static class ChannelAdapterEndpoints
{
    public static RouteGroupBuilder MapChannelAdapterEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/channels").WithTags("Channel adapters");
        Map<CallEventAdapter, CallEventBody>(group, Channel.Phone, "/cti/events", "PostCallEvent", "Phone platforms: a CTI call event",
            "offered, answered, transferred, ended or abandoned. One contact per call (id = callId), made by the event that settles the call: abandoned, transferred, or ended with the agent's wrap-up code (resolved by default). Offered and answered calls record nothing yet (200); an answered call with its agentId shows the caller's history on that advisor's open page (202 once the bus confirmed it).",
            "{\"callId\":\"CALL-20260302-0042\",\"event\":\"ended\",\"at\":\"2026-03-02T09:12:00+01:00\",\"caller\":\"06 12 34 56 78\",\"called\":\"0809401401\",\"service\":\"SIP Paris 15\",\"ivrTaxNumber\":\"1234567890123\",\"ivrChoice\":\"income-tax.correction\",\"agentId\":\"agent-7\",\"wrapUp\":\"unresolved\",\"durationSeconds\":312}",
            (adapter, body) => adapter.Map(body));
        Map<InboundEmailAdapter, InboundEmailBody>(group, Channel.Email, "/email/inbound", "PostInboundEmail", "Email gateway: an inbound email",
            "One contact per message (id = Message-ID), identified by the sender's address; motive from the mailbox's keywords or default.",
            "{\"messageId\":\"<CAF1x@mail.example.fr>\",\"from\":\"Brigitte Martin <brigitte.martin@example.fr>\",\"to\":\"sip.paris15@impots.example\",\"subject\":\"Correction de ma déclaration\",\"inReplyTo\":null,\"receivedAt\":\"2026-03-02T10:31:00+01:00\"}",
            (adapter, body) => adapter.Map(body));
        Map<SmsAdapter, InboundSmsBody>(group, Channel.Sms, "/sms/inbound", "PostInboundSms", "SMS gateway: an inbound SMS",
            "One contact per message, identified by the sender's number; motive from the number's keywords or default.",
            "{\"messageId\":\"SM-99812\",\"from\":\"+33612345678\",\"to\":\"38800\",\"text\":\"Bonjour, où en est mon remboursement ?\",\"receivedAt\":\"2026-03-02T18:02:00+01:00\"}",
            (adapter, body) => adapter.Map(body));
        Map<PortalBeaconAdapter, PortalBeaconBody>(group, Channel.Web, "/portal/beacon", "PostPortalBeacon", "Tax portal: a beacon",
            "A submitted form is a contact about its procedure, a viewed page a visit.",
            "{\"eventId\":\"evt-7f3a\",\"at\":\"2026-03-02T09:00:00+01:00\",\"kind\":\"form-submitted\",\"accountId\":\"q1\",\"franceConnectSub\":\"fc-8c1d\",\"cookie\":\"c1\",\"procedure\":\"income-tax.correction\",\"step\":\"confirmation\"}",
            (adapter, body) => adapter.Map(body));
        return group;
    }

    private static void Map<TAdapter, TBody>(RouteGroupBuilder group, Channel channel, string pattern, string name, string summary, string description, string example, Func<TAdapter, JsonElement, AdapterResult> map)
        where TAdapter : notnull =>
        group.MapPost(pattern, (HttpRequest request, TAdapter adapter, ApiKeys keys, InteractionReader reader, InteractionPublisher publisher,
                IOptions<IngestionOptions> options, ILogger<InteractionReader> logger, CancellationToken cancellationToken) =>
                PostNativeAsync(request, channel, body => map(adapter, body), keys, reader, publisher, options, logger, cancellationToken))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description)
            .DocumentsBody<TBody>(example)
            .Produces<IngestionReceipt>(StatusCodes.Status202Accepted)
            .Produces<AdapterNotice>(StatusCodes.Status200OK)
            .ProducesIngestionProblems();

    /// <summary>
    /// The key must be allowed the adapter's channel whatever the event (403): a call answered is only
    /// announced, never recorded, yet only the phone platform may say a call was answered. Then the
    /// native body is read, mapped and validated as the canonical interaction it makes, every error named
    /// by the native field it came from.
    /// </summary>
    private static Task<IResult> PostNativeAsync(
        HttpRequest request, Channel channel, Func<JsonElement, AdapterResult> map, ApiKeys keys, InteractionReader reader, InteractionPublisher publisher,
        IOptions<IngestionOptions> options, ILogger logger, CancellationToken cancellationToken) =>
        InteractionEndpoints.AuthenticatedJsonAsync(request, keys, options.Value.MaxInteractionBytes, async (client, body) =>
        {
            if (!client.Channels.Contains(channel))
            {
                return InteractionEndpoints.ChannelNotAllowed(channel);
            }

            if (JsonText.Find(body, "$") is { Count: > 0 } invalidText)
            {
                return Problems.Invalid(invalidText.Select(e => new FieldError(e.Path, e.Reason)));
            }

            var mapped = map(body);
            if (mapped.Errors.Count > 0)
            {
                return Problems.Invalid(mapped.Errors);
            }

            var read = reader.Read(JsonSerializer.SerializeToElement(mapped.Canonical), client.Source, declaredOnly: client.DeclaredOnly);
            if (!read.IsValid)
            {
                return Problems.Invalid(mapped.InNativeTerms(read.Errors));
            }

            if (mapped.CuesScreenPop)
            {
                return await AnnounceAsync(read.Interaction!, publisher, cancellationToken);
            }

            return mapped.NothingBecause is { } because
                ? TypedResults.Ok(new AdapterNotice("nothing-recorded", because))
                : await InteractionEndpoints.RecordAsync(client, read.Interaction!, publisher, logger, cancellationToken);
        }, cancellationToken);

    /// <summary>An answered call, checked as the contact it will make: <c>CallAnswered</c> for the advisor's screen, 202 once the bus confirmed it.</summary>
    private static async Task<IResult> AnnounceAsync(Interaction call, InteractionPublisher publisher, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.AnnounceAsync(
                new CallAnswered { Source = call.Source, CallId = call.Id, At = call.OccurredAt, Identifiers = call.Identifiers, AgentId = call.AgentId!, Service = call.Service },
                cancellationToken);
        }
        catch (BusUnavailableException)
        {
            return InteractionEndpoints.BusUnavailable();
        }

        return TypedResults.Accepted((string?)null, new AdapterNotice("call-answered", "the advisor's screen shows the caller's history; the call's contact is recorded when it ends."));
    }
}
