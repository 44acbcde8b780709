using MassTransit;
using Omnichannel.Journey.Store;

namespace Omnichannel.Journey.Stitching;

/// <summary>
/// The message retry of a lost race: another writer changed a person this one loaded, so load and apply
/// again, spread out so that two writers of one person do not collide again at once. Nothing else is
/// retried here: a malformed message would fail again.
/// </summary>
internal static class ConflictRetry
{
    public static void UseConflictRetry(this IReceiveEndpointConfigurator endpoint, JourneyOptions options) =>
        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<ConcurrentChangeException>();
            retry.Exponential(options.ConflictRetryLimit, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(15));
        });
}
