namespace Omnichannel.Metrics.Http;

/// <summary>The query as understood: period, filters and the instant verdicts were read at.</summary>
public sealed record QueryEcho(DateOnly From, DateOnly To, string? Channel, string? Motive, string? Service, DateTimeOffset AsOf);
