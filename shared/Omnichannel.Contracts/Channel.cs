namespace Omnichannel.Contracts;

/// <summary>The channel an interaction happened on. Values are stable on the wire.</summary>
public enum Channel
{
    Web = 1,
    Phone = 2,
    Email = 3,
    Sms = 4,
    Chat = 5,
    Counter = 6,
    /// <summary>Postal mail.</summary>
    Mail = 7,
}
