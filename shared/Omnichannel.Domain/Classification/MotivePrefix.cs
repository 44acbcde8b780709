namespace Omnichannel.Domain.Classification;

/// <summary>
/// The one rule for motive prefixes, which both the reiteration windows (DOMAIN §3) and the dashboards'
/// motive filter (§4) follow: a prefix is whole dotted segments, so <c>income-tax</c> covers
/// <c>income-tax</c> and <c>income-tax.correction</c>, never <c>income-taxes</c>. The stores state the same
/// rule in their own query languages (SQL <c>substr</c>, an escaped regular expression), held to this one by
/// the roll-up contract tests.
/// </summary>
public static class MotivePrefix
{
    /// <summary>True when <paramref name="motive"/> is <paramref name="prefix"/> or a motive below it.</summary>
    public static bool Covers(string prefix, string? motive)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return motive is not null && motive.StartsWith(prefix, StringComparison.Ordinal)
            && (motive.Length == prefix.Length || motive[prefix.Length] == '.');
    }

    /// <summary>The next shorter prefix of a motive (<c>a.b.c</c> gives <c>a.b</c>); false for a single segment.</summary>
    public static bool TryShorten(ref ReadOnlySpan<char> prefix)
    {
        var dot = prefix.LastIndexOf('.');
        if (dot < 0)
        {
            return false;
        }

        prefix = prefix[..dot];
        return true;
    }
}
