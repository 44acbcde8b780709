using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Omnichannel.Hosting.Stores;

namespace Omnichannel.Hosting.Http;

/// <summary>
/// A request that failed because a store or the message bus is unavailable (<see cref="StoreFaults"/>: a file
/// locked or full, a server down, a publish no queue takes yet) answers 503 with Retry-After rather than 500: a
/// program retries, a person reads that the service is unavailable for a moment. Nothing the request was to
/// record is reported recorded. Any other failure is left to the default handler (500).
/// </summary>
public sealed class OutageHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!StoreFaults.IsStoreFault(exception))
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        if (StatusPages.IsBrowserRequest(httpContext.Request))
        {
            await StatusPages.WritePageAsync(httpContext);
            return true;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable",
                Detail = $"A store or the message bus is unavailable: nothing was recorded. Retry after {RetryAfterSeconds} seconds.",
            },
        });
    }
}
