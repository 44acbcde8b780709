using Omnichannel.Contracts;
using Omnichannel.Domain.Classification;

namespace Omnichannel.Domain.Retention;

/// <summary>
/// Which interactions of a journey leave with time (docs/domain.md §6, retention). A journey is shortened from
/// its oldest end: an interaction leaves once it is past its channel's period and everything before it has
/// left, unless a contact that stays reiterates it (same subject, within the reiteration window). So what stays
/// is classified exactly as it was before the oldest part left, and no later reclassification of what stays can
/// subtract from the dashboards what they never counted.
/// </summary>
public static class RetentionRule
{
    /// <summary>How many entries, from the start of the journey (in its total order), leave now.</summary>
    /// <param name="journey">The person's journey, in the total order of DOMAIN §3.</param>
    /// <param name="cutoff">For a channel, the instant before which its interactions are past their period.</param>
    /// <param name="windows">The reiteration windows the journey is classified with.</param>
    public static int LeavingPrefix(IReadOnlyList<JourneyEntry> journey, Func<Channel, DateTimeOffset> cutoff, ReiterationWindows windows)
    {
        ArgumentNullException.ThrowIfNull(journey);
        ArgumentNullException.ThrowIfNull(cutoff);
        ArgumentNullException.ThrowIfNull(windows);
        var leaving = 0;
        while (leaving < journey.Count && journey[leaving].OccurredAt < cutoff(journey[leaving].Channel))
        {
            leaving++;
        }

        // A contact that stays and reiterates one that would leave keeps it, and so everything after it.
        for (var shrunk = true; shrunk && leaving > 0;)
        {
            shrunk = false;
            for (var k = leaving; k < journey.Count && !shrunk; k++)
            {
                var staying = journey[k];
                if (staying.OccurredAt - journey[leaving - 1].OccurredAt > windows.Longest)
                {
                    break;
                }

                if (!staying.IsContact || staying.Subject is null)
                {
                    continue;
                }

                var window = windows.For(staying.Subject.Motive);
                for (var j = leaving - 1; j >= 0 && staying.OccurredAt - journey[j].OccurredAt <= window; j--)
                {
                    if (journey[j].IsContact && journey[j].SameSubjectAs(staying))
                    {
                        leaving = j;
                        shrunk = true;
                        break;
                    }
                }
            }
        }

        return leaving;
    }
}
