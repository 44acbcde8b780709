using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omnichannel.Contracts;
using Omnichannel.Domain.Identity;
using Omnichannel.Hosting.Delivery;
using Omnichannel.Hosting.Http;
using Omnichannel.Hosting.Security;
using Omnichannel.Portal.Audit;
using Omnichannel.Portal.ScreenPop;
using Omnichannel.Portal.Users;

namespace Omnichannel.Portal.Http;

/// <summary>
/// <c>POST /api/v1/screen-pops/{callId}/identity-verified</c>: the advisor who answered a call whose caller
/// claims someone else's identifier (a tax number keyed without a PIN) records having verified that the
/// caller is that person. Audited (reason <c>identity-verified</c>), then sent to the journey service as a
/// decision: the caller's number and the claimed identifier are verified together from then on, so the
/// caller's journey joins the claimed person's. The answer names the person whose history may now open.
/// </summary>
public static class VerificationEndpoints
{
    public static RouteHandlerBuilder MapVerificationEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/v1/screen-pops/{callId}/identity-verified", VerifyAsync)
            .RequireAuthorization(OmnichannelRoles.Advisor)
            .ProducesSessionProblems()
            .WithTags("People")
            .WithName("VerifyCallerIdentity")
            .WithSummary("Records that the advisor verified a caller's claimed identity; links the caller's number to that person")
            .WithDescription("Only for a call the signed-in advisor answered lately, and a person that call claims. Audited with reason identity-verified, applied by the journey service as a decision (202 once it is durable).")
            .Produces<VerificationReceipt>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> VerifyAsync(
        string callId, ClaimsPrincipal user, ScreenPops pops, IDurablePublisher publisher, MassTransit.IBus bus, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (callId.Length is 0 or > 128)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["callId"] = ["Must be the phone platform's call id: 1 to 128 characters."] },
                title: "The request is not valid.");
        }

        if (user.FindFirstValue(UserDirectory.AgentIdClaim) is not { } agentId || pops.Find(agentId, callId) is not { } call)
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown call", "This advisor answered no such call lately.");
        }

        if (call.Claims.Count == 0)
        {
            return Problem(StatusCodes.Status409Conflict, "Nothing to verify", "The caller claims nobody else's identity.");
        }

        var address = IdentityLinks.AddressOf(Channel.Phone);
        if (call.Identifiers.FirstOrDefault(i => i.Type == address) is not { } caller)
        {
            return Problem(StatusCodes.Status409Conflict, "No caller number", "The call has no caller number to link; find the person by searching instead.");
        }

        var (claimed, personId) = call.Claims[0];
        var now = time.GetUtcNow();
        var decision = new ApplyIdentityDecision
        {
            DecisionId = Guid.NewGuid().ToString("N"),
            Kind = IdentityDecisionKind.IdentityVerified,
            Identifiers = [caller with { Assurance = IdentifierAssurance.Verified }, claimed with { Assurance = IdentifierAssurance.Verified }],
            DecidedBy = user.Identity!.Name!,
            Reason = AccessReasons.IdentityVerified,
            DecidedAt = now,
        };
        await audit.WriteAsync(new AuditEntry(now, decision.DecidedBy, personId, AccessReasons.IdentityVerified, "screen-pop"), cancellationToken);
        try
        {
            await publisher.PublishAsync(bus, [new Outgoing<ApplyIdentityDecision>(decision, Guid.NewGuid())], cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "Not recorded", "The decision could not be made durable; try again.");
        }

        return TypedResults.Accepted((string?)null, new VerificationReceipt(decision.DecisionId, personId));
    }

    private static IResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}

/// <summary>A recorded verification: the decision's id, and the person whose history may now open.</summary>
public sealed record VerificationReceipt(string DecisionId, string PersonId);
