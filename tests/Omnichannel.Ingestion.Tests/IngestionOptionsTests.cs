using Xunit;

namespace Omnichannel.Ingestion.Tests;

/// <summary>API keys that could not work stop the host at start, with a message naming the setting.</summary>
public sealed class IngestionOptionsTests
{
    private static ApiKeyOptions Key(string key, string source, params string[] channels) => new() { Key = key, Source = source, Channels = [.. channels] };

    [Fact]
    public void Valid_keys_pass()
    {
        var options = new IngestionOptions { ApiKeys = [Key("k1", "cti", "phone"), Key("k2", "portal", "web", "chat")] };

        Assert.True(new IngestionOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Missing_duplicate_or_unusable_keys_are_refused_naming_the_setting()
    {
        var options = new IngestionOptions { ApiKeys = [Key("", "cti", "phone"), Key("k2", "", "fax"), Key("k3", "portal"), Key("k3", "other", "web")] };

        var failures = new IngestionOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains("Ingestion:ApiKeys:0:Key is empty.", failures);
        Assert.Contains("Ingestion:ApiKeys:1:Source must be 1 to 64 printable characters.", failures);
        Assert.Contains(failures, f => f.StartsWith("Ingestion:ApiKeys:1:Channels has 'fax'", StringComparison.Ordinal));
        Assert.Contains("Ingestion:ApiKeys:2:Channels is empty: the key could post nothing.", failures);
        Assert.Contains(failures, f => f.Contains("same key twice", StringComparison.Ordinal));
    }

    [Fact]
    public void No_key_at_all_is_refused()
    {
        Assert.False(new IngestionOptionsValidator().Validate(null, new IngestionOptions()).Succeeded);
    }
}
