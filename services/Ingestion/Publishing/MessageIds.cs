using System.IO.Hashing;
using System.Text;
using Omnichannel.Contracts;

namespace Omnichannel.Ingestion.Publishing;

/// <summary>The bus message id of an interaction, derived from (source, id): a repeated post carries the same id.</summary>
public static class MessageIds
{
    public static Guid For(InteractionKey key)
    {
        Span<byte> hash = stackalloc byte[16];
        XxHash128.Hash(Encoding.UTF8.GetBytes($"interaction\n{key.Source}\n{key.Id}"), hash);
        return new Guid(hash);
    }
}
