using MassTransit;

namespace Omnichannel.Hosting.Delivery;

/// <summary>
/// The first filter of every in-memory endpoint's error pipe: a message of the log that goes to the error
/// queue is kept in the log as faulted (the in-memory error queue dies with the process; the log does not).
/// </summary>
internal sealed class LogFaultMark(MessageLogDelivery delivery) : IFilter<ExceptionReceiveContext>
{
    public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        delivery.MarkFaulted(context, context.Exception);
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("messageLogFault");
}
