using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Omnichannel.Contracts;

namespace Omnichannel.Ingestion.Http;

/// <summary>
/// Finds the channel system behind a presented key. Keys are compared as SHA-256 digests in constant
/// time, against every configured key, so that timing tells nothing about how close a guess was.
/// </summary>
public sealed class ApiKeys
{
    public const string Header = "X-Api-Key";
    private readonly List<(byte[] Digest, ApiClient Client)> _keys;

    public ApiKeys(IOptions<IngestionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = options.Value.ApiKeys
            .Where(k => !string.IsNullOrEmpty(k.Key))
            .Select(k => (Digest(k.Key), new ApiClient(k.Source, k.Channels.Select(ParseChannel).ToHashSet(), k.DeclaredOnly)))
            .ToList();
    }

    public ApiClient? Find(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var digest = Digest(presented);
        ApiClient? found = null;
        foreach (var (candidate, client) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, digest))
            {
                found = client;
            }
        }

        return found;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static Channel ParseChannel(string name)
    {
        foreach (var channel in Enum.GetValues<Channel>())
        {
            if (WireNames.Of(channel) == name)
            {
                return channel;
            }
        }

        throw new OptionsValidationException(nameof(IngestionOptions), typeof(IngestionOptions), [$"Unknown channel '{name}' in an API key's channels."]);
    }
}
