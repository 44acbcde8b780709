namespace Omnichannel.Hosting;

/// <summary>
/// A deployment's motives, added to the standard catalogue or relabelling its codes; bound from <c>Motives</c>
/// (env <c>Motives__Catalogue__0__Code</c>, <c>__Label</c>, <c>__Family</c>).
/// </summary>
public sealed class MotivesOptions
{
    public const string SectionName = "Motives";

    public List<ConfiguredMotive> Catalogue { get; set; } = [];

    public sealed class ConfiguredMotive
    {
        public string Code { get; set; } = "";

        public string Label { get; set; } = "";

        public string Family { get; set; } = "Autres";
    }
}
