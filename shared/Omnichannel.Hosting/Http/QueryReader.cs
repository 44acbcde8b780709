using Microsoft.AspNetCore.Http;

namespace Omnichannel.Hosting.Http;

/// <summary>
/// Reads a query string for an HTTP API that names every problem by parameter: unknown parameters,
/// parameters given twice, and whatever the caller adds with <see cref="Fail"/>.
/// </summary>
public sealed class QueryReader
{
    private readonly IQueryCollection _parameters;
    private readonly Dictionary<string, List<string>> _problems = new(StringComparer.Ordinal);

    public QueryReader(IQueryCollection parameters, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(known);
        _parameters = parameters;
        foreach (var name in parameters.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            Fail(name, $"Unknown parameter; expected one of {string.Join(", ", known)}.");
        }
    }

    public bool IsValid => _problems.Count == 0;

    /// <summary>Each refused parameter with its reasons, for a validation problem.</summary>
    public Dictionary<string, string[]> Errors => _problems.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);

    public void Fail(string name, string reason) => (_problems.TryGetValue(name, out var list) ? list : _problems[name] = []).Add(reason);

    /// <summary>The parameter's one value; null when absent, or given twice (then refused).</summary>
    public string? Single(string name)
    {
        var values = _parameters[name];
        if (values.Count > 1)
        {
            Fail(name, "Give it once.");
            return null;
        }

        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>The parameter's one value; refused when absent.</summary>
    public string? Required(string name, string expected)
    {
        var value = Single(name);
        if (value is null && _parameters[name].Count == 0)
        {
            Fail(name, $"Required: {expected}.");
        }

        return value;
    }
}
