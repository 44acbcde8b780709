using System.Security.Cryptography;
using System.Text;
using Omnichannel.Contracts;

namespace Omnichannel.Journey.Erasure;

/// <summary>
/// The keyed hashes (HMAC-SHA256) under which erased interactions and decisions are remembered: enough to
/// recognise a re-post of one, never enough to tell, without the key, which keys were erased.
/// </summary>
public sealed class Tombstones
{
    private readonly byte[] _key;

    public Tombstones(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("An erasure key has at least 32 bytes.", nameof(key));
        }

        _key = key;
    }

    /// <summary>The tombstone of an interaction (or a decision's cause), in hexadecimal.</summary>
    public string Of(InteractionKey key)
    {
        return Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{key.Source}\u001f{key.Id}")));
    }
}
