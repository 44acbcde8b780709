namespace Omnichannel.Domain.Metrics;

/// <summary>How often citizens came back about one motive.</summary>
public sealed record MotiveReiteration(string Motive, int Contacts, int Reiterations, double? ReiterationRate, double? FcrRate);
