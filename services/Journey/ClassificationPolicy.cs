using Omnichannel.Domain.Classification;
using Omnichannel.Journey.Store;

namespace Omnichannel.Journey;

/// <summary>
/// One classification policy per deployment. Classifications are derived when a journey is read, so a
/// reader (the portal) classifies as well as the journey role: with other windows, the advisors' pages
/// would disagree with the dashboards and nothing would fail. The journey role records the policy it
/// classifies with in its store; a reader checks its own against it.
/// </summary>
public static class ClassificationPolicy
{
    /// <summary>The journey role, at start: the policy it classifies with, for its readers.</summary>
    public static Task RecordAsync(IJourneyStore store, JourneyClassifier classifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(classifier);
        return store.RecordClassificationPolicyAsync(classifier.Windows.Describe(), cancellationToken);
    }

    /// <summary>A reader, at start and in its readiness probe: throws, saying why, when its policy is not the recorded one.</summary>
    /// <exception cref="InvalidOperationException">The policies differ.</exception>
    public static async Task EnsureAgreesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (await DisagreementAsync((IJourneyReader)services.GetService(typeof(IJourneyReader))!, (JourneyClassifier)services.GetService(typeof(JourneyClassifier))!, cancellationToken) is { } disagreement)
        {
            throw new InvalidOperationException(disagreement);
        }
    }

    /// <summary>A reader: null when its policy is the recorded one (or none is recorded yet), else why not.</summary>
    public static async Task<string?> DisagreementAsync(IJourneyReader store, JourneyClassifier classifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(classifier);
        var recorded = await store.ReadClassificationPolicyAsync(cancellationToken);
        var own = classifier.Windows.Describe();
        return recorded is null || recorded == own
            ? null
            : $"The journey role classifies with reiteration windows '{recorded}', this node with '{own}': "
              + "set the same Classification__ReiterationWindow and Classification__ReiterationWindowByMotivePrefix__* on every role "
              + "that reads journeys, or the advisors' pages would disagree with the dashboards.";
    }
}
