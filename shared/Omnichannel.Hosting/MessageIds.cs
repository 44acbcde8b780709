using System.IO.Hashing;
using System.Text;
using Omnichannel.Contracts;

namespace Omnichannel.Hosting;

/// <summary>
/// Bus message ids derived from the interaction they are about, so that a repeated post or a redelivered
/// message carries the same id as the first one, and a consumer can tell them apart from new ones.
/// </summary>
public static class MessageIds
{
    /// <summary>The id of <c>InteractionRecorded</c> for this interaction.</summary>
    public static Guid For(InteractionKey key) => Hash("interaction", key);

    /// <summary>The id of the <c>ContactsReclassified</c> that recording this interaction caused.</summary>
    public static Guid ReclassifiedBy(InteractionKey key) => Hash("reclassified", key);

    private static Guid Hash(string kind, InteractionKey key)
    {
        Span<byte> hash = stackalloc byte[16];
        XxHash128.Hash(Encoding.UTF8.GetBytes($"{kind}\n{key.Source}\n{key.Id}"), hash);
        return new Guid(hash);
    }
}
