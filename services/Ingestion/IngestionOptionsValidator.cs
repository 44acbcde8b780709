using Microsoft.Extensions.Options;
using Omnichannel.Contracts;

namespace Omnichannel.Ingestion;

/// <summary>Refuses to start with API keys that could not work: a clear message at start beats 401s in production.</summary>
public sealed class IngestionOptionsValidator : IValidateOptions<IngestionOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ApiKeys.Count == 0)
        {
            failures.Add("Ingestion:ApiKeys is empty: no channel system could post. Configure at least one key.");
        }

        var channels = Enum.GetValues<Channel>().Select(WireNames.Of).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var at = $"Ingestion:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Key))
            {
                failures.Add($"{at}:Key is empty.");
            }

            if (string.IsNullOrWhiteSpace(key.Source) || key.Source.Length > 64 || !Domain.Text.IsPrintable(key.Source))
            {
                failures.Add($"{at}:Source must be 1 to 64 printable characters.");
            }

            if (key.Channels.Count == 0)
            {
                failures.Add($"{at}:Channels is empty: the key could post nothing.");
            }

            failures.AddRange(key.Channels.Where(c => !channels.Contains(c)).Select(c => $"{at}:Channels has '{c}', not one of {string.Join(", ", channels)}."));
        }

        if (options.ApiKeys.Where(k => !string.IsNullOrEmpty(k.Key)).GroupBy(k => k.Key, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            failures.Add("Ingestion:ApiKeys has the same key twice: each key names one source.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
