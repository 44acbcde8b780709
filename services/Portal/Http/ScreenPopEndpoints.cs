using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omnichannel.Hosting.Http;
using Omnichannel.Hosting.Security;
using Omnichannel.Portal.ScreenPop;
using Omnichannel.Portal.Users;

namespace Omnichannel.Portal.Http;

/// <summary>
/// <c>GET /api/v1/screen-pops</c>: server-sent events, one per call the signed-in advisor answers, with the
/// caller's person id. The advisor's page opens it and shows the history without a reload.
/// </summary>
public static class ScreenPopEndpoints
{
    public static RouteHandlerBuilder MapScreenPopEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/screen-pops", (ClaimsPrincipal user, ScreenPops pops, CancellationToken cancellationToken) =>
            user.FindFirstValue(UserDirectory.AgentIdClaim) is { } agentId
                ? TypedResults.ServerSentEvents(StreamAsync(pops, agentId, cancellationToken))
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "No phone agent id", detail: "This advisor has no AgentId in the portal's users: calls cannot be matched to them."))
            .RequireAuthorization(OmnichannelRoles.Advisor)
            .ProducesSessionProblems()
            .WithTags("People")
            .WithName("ScreenPops")
            .WithSummary("The calls the signed-in advisor answers, as server-sent events: 'ready' once listening, then 'call-answered' per call");

    private static async IAsyncEnumerable<SseItem<ScreenPopNotice?>> StreamAsync(ScreenPops pops, string agentId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = pops.Subscribe(agentId);
        yield return new SseItem<ScreenPopNotice?>(null, "ready");
        while (true)
        {
            ScreenPopNotice notice;
            try
            {
                notice = await subscription.Notices.ReadAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            yield return new SseItem<ScreenPopNotice?>(notice, "call-answered");
        }
    }
}
