namespace Omnichannel.Ingestion.Adapters;

/// <summary>Motive mapping for a text channel (email, SMS), by mailbox or number; bound from configuration.</summary>
public sealed class MotiveRules
{
    /// <summary>When no route matches.</summary>
    public string DefaultMotive { get; set; } = "general.question";

    /// <summary>By destination mailbox or number.</summary>
    public Dictionary<string, MotiveRoute> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string Resolve(string destination, string? text)
    {
        if (!Routes.TryGetValue(destination, out var route))
        {
            return DefaultMotive;
        }

        if (!string.IsNullOrEmpty(text))
        {
            foreach (var (keyword, motive) in route.Keywords)
            {
                if (text.Contains(keyword, StringComparison.OrdinalIgnoreCase))
                {
                    return motive;
                }
            }
        }

        return route.DefaultMotive ?? DefaultMotive;
    }
}
