using Omnichannel.Metrics.Store;

namespace Omnichannel.Metrics.Http;

/// <summary>The managers' work list: by service, the promises falling due between <c>From</c> and <c>Until</c>.</summary>
public sealed record DueResponse(DateTimeOffset From, DateTimeOffset Until, int Days, IReadOnlyList<ServiceDue> Services);
