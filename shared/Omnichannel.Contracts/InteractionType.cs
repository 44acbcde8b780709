namespace Omnichannel.Contracts;

/// <summary>What an interaction is (DOMAIN §1). Only <see cref="Contact"/> counts as a contact.</summary>
public enum InteractionType
{
    /// <summary>The citizen reaches out: a call, an email, an SMS, a web form, a counter visit, a letter.</summary>
    Contact = 1,
    /// <summary>Browsing or a self-service step that asks nothing: journey context only.</summary>
    Visit = 2,
    /// <summary>The administration writes to the citizen: acknowledgement, confirmation, information.</summary>
    Notification = 3,
    /// <summary>The back office settled the subject.</summary>
    Resolution = 4,
}
