namespace Omnichannel.Contracts;

public enum ContactKind
{
    FirstContact = 1,
    Reiteration = 2,
}
