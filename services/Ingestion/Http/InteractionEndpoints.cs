using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnichannel.Contracts;
using Omnichannel.Hosting.Http;
using Omnichannel.Ingestion.Canonical;
using Omnichannel.Ingestion.Publishing;
using Omnichannel.Domain;

namespace Omnichannel.Ingestion.Http;

/// <summary>The canonical endpoints: <c>POST /api/v1/interactions</c> and <c>/api/v1/interactions/batch</c>.</summary>
public static partial class InteractionEndpoints
{
    private const string RetryAfterSeconds = "5";

    public static RouteGroupBuilder MapInteractionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/interactions").WithTags("Interactions");
        group.MapPost("/", PostOneAsync)
            .WithName("PostInteraction")
            .WithSummary("Record one interaction")
            .WithDescription("Validates and normalizes a canonical interaction (DOMAIN §1), publishes it and answers 202 once the broker confirmed it; 400 names every failing field by JSON path.")
            .DocumentsBody<CanonicalInteraction>("""
                {"id":"call-42","channel":"phone","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00","identifiers":[{"type":"phone","value":"06 12 34 56 78","assurance":"declared"},{"type":"taxId","value":"1234567890123","assurance":"verified"}],"subject":{"motive":"income-tax.correction","caseRef":"DOS-2026-001"},"outcome":"transferred","service":"SIP Paris 15","agentId":"agent-7","attributes":{"durationSeconds":312}}
                """)
            .Produces<IngestionReceipt>(StatusCodes.Status202Accepted)
            .ProducesIngestionProblems();
        group.MapPost("/batch", PostBatchAsync)
            .WithName("PostInteractionBatch")
            .WithSummary("Record up to 1,000 interactions")
            .WithDescription("Up to 1,000 canonical interactions, 2 MB. Each item is accepted, a duplicate of an earlier item of the batch, or rejected with its reasons (paths $[i]...); accepted items are published and the answer (202) comes once the broker confirmed them. 400 when no item is acceptable.")
            .DocumentsBody<CanonicalInteraction[]>("""
                [{"id":"v-1","channel":"web","type":"visit","occurredAt":"2026-03-02T08:55:00+01:00","identifiers":[{"type":"cookie","value":"c1","assurance":"declared"}]},{"id":"f-1","channel":"web","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00","identifiers":[{"type":"accountId","value":"q1"},{"type":"cookie","value":"c1","assurance":"declared"}],"subject":{"motive":"income-tax.correction"},"outcome":"resolved"}]
                """)
            .Produces<BatchReceipt>(StatusCodes.Status202Accepted)
            .ProducesIngestionProblems();
        return group;
    }

    internal static Task<IResult> PostOneAsync(
        HttpRequest request, ApiKeys keys, InteractionReader reader, InteractionPublisher publisher,
        IOptions<IngestionOptions> options, ILogger<InteractionReader> logger, CancellationToken cancellationToken) =>
        AuthenticatedJsonAsync(request, keys, options.Value.MaxInteractionBytes,
            (client, body) => RecordAsync(client, body, reader, publisher, logger, cancellationToken), cancellationToken);

    /// <summary>The common start of every ingestion endpoint: the API key (401), then the JSON body (415, 413, 400).</summary>
    internal static async Task<IResult> AuthenticatedJsonAsync(
        HttpRequest request, ApiKeys keys, int maxBytes, Func<ApiClient, JsonElement, Task<IResult>> handle, CancellationToken cancellationToken)
    {
        if (keys.Find(request.Headers[ApiKeys.Header]) is not { } client)
        {
            return Unauthorized();
        }

        var (document, refusal) = await JsonBody.ReadAsync(request, maxBytes, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        using (document)
        {
            return await handle(client, document!.RootElement);
        }
    }

    /// <summary>Validates one canonical interaction, checks the key may post its channel, publishes it: 202, 400, 403 or 503.</summary>
    private static async Task<IResult> RecordAsync(
        ApiClient client, JsonElement canonical, InteractionReader reader, InteractionPublisher publisher, ILogger logger, CancellationToken cancellationToken)
    {
        var read = reader.Read(canonical, client.Source, declaredOnly: client.DeclaredOnly);
        return read.IsValid
            ? await RecordAsync(client, read.Interaction!, publisher, logger, cancellationToken)
            : Problems.Invalid(read.Errors);
    }

    /// <summary>Checks the key may post the interaction's channel and publishes it: 202, 403 or 503.</summary>
    internal static async Task<IResult> RecordAsync(
        ApiClient client, Interaction interaction, InteractionPublisher publisher, ILogger logger, CancellationToken cancellationToken)
    {
        if (!client.Channels.Contains(interaction.Channel))
        {
            return ChannelNotAllowed(interaction.Channel);
        }

        var (ids, unavailable) = await PublishAsync(publisher, [interaction], logger, client.Source, cancellationToken);
        return unavailable ?? TypedResults.Accepted((string?)null, new IngestionReceipt(interaction.Id, interaction.Source, ids[0], "accepted"));
    }

    internal static IResult ChannelNotAllowed(Channel channel) =>
        Problems.Status(StatusCodes.Status403Forbidden, "Channel not allowed", $"This API key may not post channel '{WireNames.Of(channel)}'.");

    internal static Task<IResult> PostBatchAsync(
        HttpRequest request, ApiKeys keys, InteractionReader reader, InteractionPublisher publisher,
        IOptions<IngestionOptions> options, ILogger<InteractionReader> logger, CancellationToken cancellationToken) =>
        AuthenticatedJsonAsync(request, keys, options.Value.MaxBatchBytes, async (client, root) =>
        {
            if (root.ValueKind != JsonValueKind.Array)
            {
                return Problems.Invalid([new FieldError("$", "must be a JSON array of canonical interactions.")]);
            }

            if (root.GetArrayLength() is var count && (count == 0 || count > options.Value.MaxBatchItems))
            {
                return count == 0
                    ? Problems.Invalid([new FieldError("$", "must hold at least one interaction.")])
                    : Problems.Status(StatusCodes.Status413PayloadTooLarge, "Too many items", $"A batch holds at most {options.Value.MaxBatchItems} interactions (this one has {count}).");
            }

            var (items, accepted, keys) = Sort(root, client, reader);
            if (accepted.Count == 0)
            {
                return Problems.Invalid(
                    items.Where(i => i.Errors is not null).SelectMany(i => i.Errors!).SelectMany(e => e.Value.Select(r => new FieldError(e.Key, r))),
                    new Dictionary<string, object?> { ["items"] = items });
            }

            var (ids, unavailable) = await PublishAsync(publisher, accepted, logger, client.Source, cancellationToken);
            if (unavailable is not null)
            {
                return unavailable;
            }

            // Each accepted item, and each repeat of one, names the message that carries it.
            var carriedBy = new Dictionary<InteractionKey, Guid>();
            for (var i = 0; i < accepted.Count; i++)
            {
                carriedBy[accepted[i].Key] = ids[i];
            }

            var answered = items.Select((item, index) => keys[index] is { } key ? item with { MessageId = carriedBy[key] } : item).ToList();
            return TypedResults.Accepted((string?)null, new BatchReceipt(
                accepted.Count, items.Count(i => i.Status == "duplicate"), items.Count(i => i.Status == "rejected"), answered));
        }, cancellationToken);

    /// <summary>
    /// Reads every item: accepted, duplicate of an earlier item, or rejected with its reasons; with, for each
    /// item accepted or repeated, its key (null for a rejected one).
    /// </summary>
    private static (List<BatchItemResult> Items, List<Interaction> Accepted, List<InteractionKey?> Keys) Sort(JsonElement root, ApiClient client, InteractionReader reader)
    {
        var items = new List<BatchItemResult>(root.GetArrayLength());
        var accepted = new List<Interaction>();
        var keys = new List<InteractionKey?>(root.GetArrayLength());
        var seen = new HashSet<InteractionKey>();
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            var path = $"$[{index}]";
            var read = reader.Read(element, client.Source, path, client.DeclaredOnly);
            // The item's id as posted, to tell the caller which item an answer is about; unless the id is what is wrong.
            var id = read.Interaction?.Id
                ?? (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var raw) && raw.ValueKind == JsonValueKind.String
                    && !read.Errors.Any(e => e.Path == $"{path}.id") ? raw.GetString() : null);
            if (!read.IsValid)
            {
                items.Add(new BatchItemResult(index, id, "rejected", null, Group(read.Errors)));
                keys.Add(null);
            }
            else if (!client.Channels.Contains(read.Interaction!.Channel))
            {
                items.Add(new BatchItemResult(index, id, "rejected", null, Group([new FieldError($"{path}.channel", $"this API key may not post channel '{WireNames.Of(read.Interaction.Channel)}'.")])));
                keys.Add(null);
            }
            else if (!seen.Add(read.Interaction.Key))
            {
                items.Add(new BatchItemResult(index, id, "duplicate", null, null));
                keys.Add(read.Interaction.Key);
            }
            else
            {
                accepted.Add(read.Interaction);
                items.Add(new BatchItemResult(index, id, "accepted", null, null));
                keys.Add(read.Interaction.Key);
            }

            index++;
        }

        return (items, accepted, keys);
    }

    /// <returns>Once the broker confirmed everything, the id of the message carrying each; otherwise the 503 to answer.</returns>
    private static async Task<(IReadOnlyList<Guid> MessageIds, IResult? Unavailable)> PublishAsync(InteractionPublisher publisher, IReadOnlyList<Interaction> interactions, ILogger logger, string source, CancellationToken cancellationToken)
    {
        try
        {
            var ids = await publisher.PublishAsync(interactions, cancellationToken);
            LogAccepted(logger, interactions.Count, source);
            return (ids, null);
        }
        catch (BusUnavailableException)
        {
            return ([], BusUnavailable());
        }
        catch (BacklogFullException)
        {
            return ([], BacklogFull());
        }
    }

    private static Dictionary<string, string[]> Group(IEnumerable<FieldError> errors) =>
        errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray());

    internal static IResult Unauthorized() =>
        Problems.Status(StatusCodes.Status401Unauthorized, "Unknown API key", $"Send a valid key in the {ApiKeys.Header} header.");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted {Count} interaction(s) from {Source}")]
    private static partial void LogAccepted(ILogger logger, int count, string source);

    /// <summary>503 with Retry-After: the bus did not make it durable in time, nothing is reported accepted.</summary>
    internal static IResult BusUnavailable() => new RetryLater("Message bus unavailable",
        $"The message bus did not make it durable in time (down, or no queue takes it yet): nothing is accepted. Retry after {RetryAfterSeconds} seconds (posting the same id again is safe: it is recorded once).");

    /// <summary>503 with Retry-After: the backlog not yet stitched is past its bound, nothing is accepted.</summary>
    internal static IResult BacklogFull() => new RetryLater("Backlog full",
        $"More accepted interactions wait to be stitched than the configured backlog allows: nothing is accepted. Retry after {RetryAfterSeconds} seconds.");

    private sealed class RetryLater(string title, string detail) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, title, detail).ExecuteAsync(httpContext);
        }
    }
}
