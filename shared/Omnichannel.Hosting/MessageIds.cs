using System.IO.Hashing;
using System.Text;
using Omnichannel.Contracts;

namespace Omnichannel.Hosting;

/// <summary>
/// Bus message ids derived from the interactions they are about, so that a repeated publish or a
/// redelivered message carries the same id as the first one, and a consumer can tell them apart from new ones.
/// </summary>
public static class MessageIds
{
    /// <summary>The id of <c>InteractionsRecorded</c> holding these interactions, in this order.</summary>
    public static Guid For(IEnumerable<InteractionKey> keys) => Hash("interactions", keys);

    /// <summary>The id of the <c>ContactsReclassifiedBatch</c> that recording these interactions caused.</summary>
    public static Guid ReclassifiedBy(IEnumerable<InteractionKey> causes) => Hash("reclassified", causes);

    private static Guid Hash(string kind, IEnumerable<InteractionKey> keys)
    {
        var text = new StringBuilder(kind);
        foreach (var key in keys)
        {
            text.Append('\n').Append(key.Source).Append('\n').Append(key.Id);
        }

        Span<byte> hash = stackalloc byte[16];
        XxHash128.Hash(Encoding.UTF8.GetBytes(text.ToString()), hash);
        return new Guid(hash);
    }
}
