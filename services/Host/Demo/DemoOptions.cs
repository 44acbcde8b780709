namespace Omnichannel.Host.Demo;

/// <summary>The demo month (<c>Demo__...</c>): posted through the ingestion API on the embedded default's first run.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Post the demo month when the embedded default starts on an empty data folder.</summary>
    public bool OnFirstRun { get; set; }

    /// <summary>Post it at this start whatever the data folder holds (a month ending now, beside what is there).</summary>
    public bool Run { get; set; }

    /// <summary>How many citizens the month has (about four interactions each).</summary>
    public int Citizens { get; set; } = 3_000;

    /// <summary>Printed at start: how to sign in with the demo users.</summary>
    public string? SignInHint { get; set; }
}
