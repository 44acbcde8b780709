namespace Omnichannel.Ingestion.Adapters;

/// <summary>Settings of the per-channel adapters; bound from <c>Ingestion:Adapters</c>.</summary>
public sealed class AdapterOptions
{
    public const string SectionName = "Ingestion:Adapters";

    public MotiveRules Email { get; set; } = new();

    public MotiveRules Sms { get; set; } = new();

    /// <summary>The motive of a call when the IVR gave none.</summary>
    public string DefaultCallMotive { get; set; } = "general.question";
}
