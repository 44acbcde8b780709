using MassTransit;
using Microsoft.Extensions.Logging;
using Omnichannel.Contracts;
using Omnichannel.Portal.People;

namespace Omnichannel.Portal.ScreenPop;

/// <summary>Shows the caller's history on the screen of the advisor who answered: finds the caller, tells their open pages.</summary>
public sealed partial class ScreenPopConsumer(PeopleReader people, ScreenPops pops, ILogger<ScreenPopConsumer> logger) : IConsumer<CallAnswered>
{
    public async Task Consume(ConsumeContext<CallAnswered> context)
    {
        var call = context.Message;
        var (personId, claims) = await people.PlaceAsync(call.Identifiers, Channel.Phone, context.CancellationToken);
        var notice = new ScreenPopNotice(call.CallId, call.At, personId, call.Service) { Claims = [.. claims.Select(c => new CallerClaim(c.Identifier.Type, c.PersonId))] };
        pops.Remember(call.AgentId, new ScreenPops.AnsweredCall(call.CallId, call.Identifiers, claims));
        var pages = pops.Publish(call.AgentId, notice);
        LogPopped(logger, call.CallId, personId ?? "(unknown caller)", claims.Count, pages);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} answered: person {PersonId}, {Claims} claim(s) to verify, on {Pages} open page(s)")]
    private static partial void LogPopped(ILogger logger, string callId, string personId, int claims, int pages);
}
