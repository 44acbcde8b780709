using System.Collections.Frozen;

namespace Omnichannel.Domain.Classification;

/// <summary>The reiteration window W for a motive: the longest configured prefix, else the default.</summary>
public sealed class ReiterationWindows
{
    private readonly FrozenDictionary<string, TimeSpan> _byPrefix;

    public ReiterationWindows(TimeSpan defaultWindow, IReadOnlyDictionary<string, TimeSpan>? byMotivePrefix = null)
    {
        if (defaultWindow <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(defaultWindow), defaultWindow, "The reiteration window must be positive.");
        }

        Default = defaultWindow;
        var prefixes = byMotivePrefix ?? new Dictionary<string, TimeSpan>();
        foreach (var (prefix, window) in prefixes)
        {
            if (string.IsNullOrEmpty(prefix) || window <= TimeSpan.Zero)
            {
                throw new ArgumentException($"Window for motive prefix '{prefix}' must have a prefix and a positive duration.", nameof(byMotivePrefix));
            }
        }

        _byPrefix = prefixes.ToFrozenDictionary(StringComparer.Ordinal);
        Longest = prefixes.Values.Append(defaultWindow).Max();
    }

    public static ReiterationWindows Standard { get; } = new(TimeSpan.FromDays(7));

    /// <summary>
    /// The policy in one canonical line (the default, then each prefix in order), for the journey role to
    /// record and its readers to compare: <c>default=7.00:00:00; income-tax=14.00:00:00</c>.
    /// </summary>
    public string Describe() =>
        string.Join("; ", _byPrefix.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value:c}").Prepend($"default={Default:c}"));

    public TimeSpan Default { get; }

    /// <summary>The longest window of any motive: no two contacts further apart can chain.</summary>
    public TimeSpan Longest { get; }

    public static ReiterationWindows From(ClassificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ReiterationWindows(options.ReiterationWindow, options.ReiterationWindowByMotivePrefix);
    }

    /// <summary>The window of the longest configured prefix that covers the motive (<see cref="MotivePrefix"/>), else the default.</summary>
    public TimeSpan For(string? motive)
    {
        if (motive is null || _byPrefix.Count == 0)
        {
            return Default;
        }

        var candidate = motive.AsSpan();
        var lookup = _byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
        while (true)
        {
            if (lookup.TryGetValue(candidate, out var window))
            {
                return window;
            }

            if (!MotivePrefix.TryShorten(ref candidate))
            {
                return Default;
            }
        }
    }
}
