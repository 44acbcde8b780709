using Omnichannel.Contracts;

namespace Omnichannel.Portal.People;

/// <summary>An interaction's key as the API shows it.</summary>
public sealed record KeyView(string Source, string Id)
{
    public static KeyView Of(InteractionKey key) => new(key.Source, key.Id);
}
